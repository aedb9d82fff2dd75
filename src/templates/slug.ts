// Template slugs: URL-friendly, derived from the name, unique per project with `-2`, `-3` … (spec §5.2 REC).

export const MAX_SLUG_LENGTH = 255;

/** `GET /templates/html` is a fixed route, so a template slugged `html` could never be read by slug. */
const RESERVED = new Set(['html']);

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH - 6)
    .replace(/-+$/, '');
  return base === '' ? 'template' : base;
}

/** The first free slug for `base` given the slugs already taken in the project. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && !RESERVED.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Slugs given explicitly (CLI `--slug`): the same alphabet the API generates, plus `_` and `.`. */
export function isValidSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(slug) && !RESERVED.has(slug);
}
