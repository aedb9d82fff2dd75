import pino, { type Logger } from 'pino';

// Secrets never reach a log line: request headers are not logged by Fastify's serializer, and these paths are
// censored wherever they appear in objects we log.
const REDACT = [
  'req.headers.authorization', 'headers.authorization', 'authorization', '*.authorization',
  'key', '*.key', 'secret', '*.secret', 'password', '*.password', 'auth_password', '*.auth_password',
  'oauth_client_secret', '*.oauth_client_secret', 'privateKey', '*.privateKey',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/**
 * What an access line says about the URL: the path and the names of the query parameters, never their values (a
 * caller may put a key, token or address in a query string; logs travel further than the database).
 */
export function loggableUrl(url: string): { path: string; query?: string[] } {
  const q = url.indexOf('?');
  if (q === -1) return { path: withoutLinkToken(url) };
  const names = [...new Set([...new URLSearchParams(url.slice(q + 1)).keys()])].slice(0, 50);
  return { path: withoutLinkToken(url.slice(0, q)), query: names };
}

/** Signed links carry their token in the path (unsubscribe, double opt-in confirmation): it acts for a recipient. */
function withoutLinkToken(path: string): string {
  return path.replace(/^\/(unsubscribe|confirm)\/.+$/, '/$1/[token]');
}
