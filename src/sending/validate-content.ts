// subject / html / text / amp_html / template fields / tag (spec sending.md §2.1, §2.3; lettr docs learn/sending/tags).
import { text } from './messages.js';
import type { Body, ErrorBag } from './request.js';
import { readOptionalInteger, readOptionalString } from './validate-scalars.js';

/** RFC 5322 §2.1.1 line limit; the contract's subject maxLength. */
export const MAX_SUBJECT = 998;
export const MAX_TEMPLATE_SLUG = 255;
/** One tag per email, ≤ 64 characters of letters, digits, "-" and "_" (docs learn/sending/tags). */
export const MAX_TAG = 64;
const TAG_FORMAT = /^[A-Za-z0-9_-]+$/;

export interface ContentFields {
  subject: string | null;
  html: string | null;
  text: string | null;
  ampHtml: string | null;
  templateSlug: string | null;
  templateVersion: number | null;
  projectId: number | null;
  tag: string | null;
}

export function readContent(body: Body, bag: ErrorBag): ContentFields {
  const templateSlug = readOptionalString(body.template_slug, 'template_slug', bag, { max: MAX_TEMPLATE_SLUG, header: true });
  const slugGiven = templateSlug !== null || bag.has('template_slug');
  const subject = readOptionalString(body.subject, 'subject', bag, { max: MAX_SUBJECT, header: true });
  if (subject === null && !slugGiven && !bag.has('subject')) bag.add('subject', text.subjectRequired);

  const html = readOptionalString(body.html, 'html', bag);
  const plain = readOptionalString(body.text, 'text', bag);
  const ampHtml = readOptionalString(body.amp_html, 'amp_html', bag);
  const anyContent = html !== null || plain !== null || slugGiven || bag.has('html') || bag.has('text');
  if (!anyContent) bag.add('html', text.contentRequired);
  // An AMP part is shown only by a few clients; everyone else needs the HTML part (docs learn/sending/content-types).
  if (ampHtml !== null && html === null && !slugGiven && !bag.has('html')) bag.add('amp_html', text.ampNeedsHtml);

  const templateVersion = readOptionalInteger(body.template_version, 'template_version', bag, 1);
  const projectId = readOptionalInteger(body.project_id, 'project_id', bag, 1);
  return {
    subject, html, text: plain, ampHtml, templateSlug, templateVersion, projectId,
    tag: readTag(body.tag, templateSlug, bag),
  };
}

/** Explicit tag wins; else the template slug becomes the tag when it has a tag's form (spec §2.3). */
function readTag(value: unknown, templateSlug: string | null, bag: ErrorBag): string | null {
  const tag = readOptionalString(value, 'tag', bag, { max: MAX_TAG, header: true });
  if (tag !== null && !TAG_FORMAT.test(tag)) {
    bag.add('tag', text.tagFormat);
    return null;
  }
  if (tag !== null || bag.has('tag')) return tag;
  return templateSlug !== null && templateSlug.length <= MAX_TAG && TAG_FORMAT.test(templateSlug) ? templateSlug : null;
}
