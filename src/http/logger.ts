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
