// Response headers for the dashboard's HTML and assets. No inline script anywhere (script-src 'self'); styles allow
// inline because the component library sets CSS variables in a <style> element. `img-src` stays on this origin and
// data: URLs (the 2FA QR code), which is also what blocks remote images in the mailbox viewer's sandboxed iframe (a
// srcdoc frame inherits this policy).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer', // the server-wide policy (src/http/security-headers.ts); CSRF relies on Origin, which fetch() still sends
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};
