// lettr template push FILE --slug S [--project ID] [--team ID] · lettr template render --slug S --data JSON
// Keep templates in git and preview them: push creates the template or adds a version when the content changed.
import fs from 'node:fs';
import path from 'node:path';
import {
  compileTemplate, pushTemplate, renderTemplate, resolveTemplateForSend, templatePool, templateSubject,
  type MergeTag, type Part, type RenderData,
} from '../templates/index.js';
import { cliOrigin, teamOf, withContext } from './context.js';
import { requireString, UsageError, type Flags, type Io, type Parsed } from './io.js';

function optionalId(flags: Flags, name: string): number | null {
  const v = flags[name];
  if (v === undefined) return null;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${name} must be a numeric id`);
  return Number(v);
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read FILE ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const describeTags = (tags: MergeTag[]) => tags.map((t) => `${t.key} (${t.required ? 'required' : 'optional'})`).join(', ') || 'none';

async function push({ flags, positionals }: Parsed, io: Io): Promise<void> {
  const file = positionals[0];
  if (!file) throw new UsageError('the FILE argument is required');
  const slug = requireString(flags, 'slug');
  const source = readFile(file);
  const isJson = path.extname(file).toLowerCase() === '.json';
  const text = typeof flags.text === 'string' ? readFile(flags.text) : undefined;
  await withContext(async (ctx) => {
    const db = ctx.db.kysely;
    const out = await pushTemplate(db, {
      teamId: await teamOf(db, flags), projectId: optionalId(flags, 'project'), slug,
      content: isJson ? { json: source } : { html: source },
      name: flags.name as string | undefined, subject: flags.subject as string | undefined, text,
    }, cliOrigin, { work: templatePool(ctx.config.templates), budgetMs: ctx.config.templates.budgetMs }, ctx.clock.now());
    if (out.kind === 'error') throw new UsageError(out.message);
    const { template: t, version: v, mergeTags } = out;
    io.out({ action: out.kind, id: t.id, slug: t.slug, project_id: t.project_id, version: v, merge_tags: mergeTags },
      `${out.kind === 'unchanged' ? 'Unchanged' : out.kind === 'created' ? 'Created' : 'Updated'} template ${t.slug} (id ${t.id}, project ${t.project_id}): version ${v} active.\nMerge tags: ${describeTags(mergeTags)}`);
  });
}

function renderPart(source: string, data: RenderData, part: Part): string {
  const r = renderTemplate(compileTemplate(source), data, part);
  if (!r.ok) throw new Error(`generation failure in the ${part} part: ${r.reason}`);
  return r.value;
}

async function render({ flags }: Parsed, io: Io): Promise<void> {
  const slug = requireString(flags, 'slug');
  let substitutionData: unknown = {};
  if (typeof flags.data === 'string') {
    try { substitutionData = JSON.parse(flags.data); } catch { throw new UsageError('--data must be a JSON object'); }
  }
  if (typeof substitutionData !== 'object' || substitutionData === null || Array.isArray(substitutionData)) throw new UsageError('--data must be a JSON object');
  await withContext(async (ctx) => {
    const db = ctx.db.kysely;
    const found = await resolveTemplateForSend(db, await teamOf(db, flags), { slug, projectId: optionalId(flags, 'project'), version: optionalId(flags, 'version') });
    if (!found.ok) throw new UsageError(found.error.message);
    const t = found.template;
    const data: RenderData = { recipient: { email: (flags.to as string | undefined) ?? 'recipient@example.com' }, substitutionData: substitutionData as Record<string, unknown>, metadata: {}, envFrom: '' };
    const subject = renderPart(templateSubject(null, t), data, 'subject');
    const text = t.text === null ? null : renderPart(t.text, data, 'text');
    const html = renderPart(t.html, data, 'html');
    io.out({ slug: t.slug, version: t.version, subject, text, html },
      `Subject: ${subject}\n\n--- text ---\n${text ?? '(this template has no text part)'}\n\n--- html ---\n${html}`);
  });
}

export async function templateCommand(sub: string | undefined, args: Parsed, io: Io): Promise<void> {
  return sub === 'push' ? push(args, io) : render(args, io);
}
