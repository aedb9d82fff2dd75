// The mailbox viewer's iframe document: the message HTML behind a Content-Security-Policy that lets nothing load
// (no remote images, fonts, styles or frames; inline styles and data: images only). The iframe is also sandboxed with
// no permissions (no scripts, no same-origin, no forms, no navigation of the top page).
export const FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function framedHtml(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><base target="_blank"></head><body>${html}</body></html>`;
}

/** How many remote resources the HTML asks for (http(s) src, background, url()); each one is blocked. */
export function remoteReferences(html: string): number {
  // Linear: no two unbounded quantifiers can trade characters.
  return (html.match(/(?:src|background)\s*=\s*["']?https?:|url\(\s*["']?https?:/gi) ?? []).length;
}
