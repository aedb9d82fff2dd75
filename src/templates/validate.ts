// Request bodies of POST / PUT /templates → input or the contract's 422 messages (spec §5.2). Pure.
import { isPlainObject, says, Violations } from '../http/validation.js';
import { parseTopolJson, type ContentInput } from './content.js';
import { toPositiveInt } from './params.js';

export const MAX_NAME_LENGTH = 255;

export const texts = {
  contentRequired: 'Either html or json content is required.',
  exclusiveOnCreate: 'The json and html fields are mutually exclusive. Provide only one.',
  exclusiveOnUpdate: 'The json field prohibits html from being present.',
  invalidJson: 'The provided JSON is not valid.',
};

export interface CreateBody { name: string; projectId: number | null; folderId: number | null; content: ContentInput }
export interface UpdateBody { projectId: number | null; name?: string; content?: ContentInput }

function idField(body: Record<string, unknown>, field: string, bag: Violations): number | null {
  const n = toPositiveInt(body[field]);
  if (n === 'invalid') bag.add(field, says.integer(field));
  else if (n === 0) bag.add(field, `The ${field} field must be at least 1.`);
  return typeof n === 'number' && n > 0 ? n : null;
}

/** Names are trimmed (as the reference API's input normalisation does); blank counts as missing. */
function nameField(body: Record<string, unknown>, bag: Violations, required: boolean): string | undefined {
  const v = body.name;
  if (v === undefined || v === null) { if (required) bag.add('name', says.required('name')); return undefined; }
  if (typeof v !== 'string') { bag.add('name', says.string('name')); return undefined; }
  const name = v.trim();
  if (name === '') { bag.add('name', says.required('name')); return undefined; }
  if ([...name].length > MAX_NAME_LENGTH) { bag.add('name', says.maxChars('name', MAX_NAME_LENGTH)); return undefined; }
  return name;
}

function textField(body: Record<string, unknown>, field: 'html' | 'json', bag: Violations): string | null {
  const v = body[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') { bag.add(field, says.string(field)); return null; }
  return v;
}

function contentOf(html: string | null, json: string | null, bag: Violations): ContentInput | undefined {
  if (json !== null) {
    if (!parseTopolJson(json).ok) { bag.add('json', texts.invalidJson); return undefined; }
    return { json };
  }
  return html !== null ? { html } : undefined;
}

export function validateCreate(raw: unknown): { ok: true; value: CreateBody } | { ok: false; bag: Violations } {
  const body = isPlainObject(raw) ? raw : {};
  const bag = new Violations();
  const name = nameField(body, bag, true);
  const projectId = idField(body, 'project_id', bag);
  const folderId = idField(body, 'folder_id', bag);
  const html = textField(body, 'html', bag);
  const json = textField(body, 'json', bag);
  let content: ContentInput | undefined;
  if (!bag.has('html') && !bag.has('json')) {
    if (html === null && json === null) bag.add('html', texts.contentRequired);
    else if (html !== null && json !== null) bag.add('json', texts.exclusiveOnCreate);
    else content = contentOf(html, json, bag);
  }
  if (bag.has() || name === undefined || content === undefined) return { ok: false, bag };
  return { ok: true, value: { name, projectId, folderId, content } };
}

export function validateUpdate(raw: unknown): { ok: true; value: UpdateBody } | { ok: false; bag: Violations } {
  const body = isPlainObject(raw) ? raw : {};
  const bag = new Violations();
  const name = nameField(body, bag, false);
  const projectId = idField(body, 'project_id', bag);
  const html = textField(body, 'html', bag);
  const json = textField(body, 'json', bag);
  let content: ContentInput | undefined;
  if (!bag.has('html') && !bag.has('json')) {
    if (html !== null && json !== null) bag.add('json', texts.exclusiveOnUpdate);
    else content = contentOf(html, json, bag);
  }
  if (bag.has()) return { ok: false, bag };
  return { ok: true, value: { projectId, ...(name !== undefined ? { name } : {}), ...(content ? { content } : {}) } };
}
