// Maps what nodemailer's SMTP client reported into a TransmitOutcome. 5xx bounces, 4xx and every failure without
// a reply (refused, reset, timeout, drop mid-DATA) defers: the message may be retried (spec sending.md §11.4).
import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { classifyConnectionFailure, classifyReply, type SmtpPhase } from '../classify.js';
import type { TransmitOutcome } from '../outcome.js';
import { formatReply, parseReply } from '../smtp-reply.js';

export function phaseOf(command: string | undefined): SmtpPhase {
  const c = (command ?? '').toUpperCase();
  if (c.startsWith('MAIL')) return 'mail';
  if (c.startsWith('RCPT')) return 'rcpt';
  if (c.startsWith('DATA') || c === '.' || c === 'MESSAGE') return 'data';
  return 'connect';
}

type SmtpError = SMTPConnection.SMTPError & { rejectedErrors?: SMTPConnection.SMTPError[] };

/** The most specific error: a single rejected recipient carries the real RCPT reply. */
function innermost(err: SmtpError): SmtpError {
  return err.rejectedErrors?.[0] ?? err;
}

export function outcomeFromError(error: unknown, tls: boolean): TransmitOutcome {
  const err = innermost(error as SmtpError);
  const reply = err.response ? parseReply(err.response) : null;
  const phase = phaseOf(err.command);
  if (reply && reply.code >= 400) {
    const rawReason = formatReply(reply);
    const errorCode = String(reply.code);
    // A refused AUTH at our relay is our configuration, never the recipient's fault: keep trying.
    if (err.code === 'EAUTH') return { kind: 'deferred', rawReason, errorCode, bounceClass: 25, retryAfterMs: null, tls };
    const bounceClass = classifyReply(reply, phase);
    if (reply.code >= 500) return { kind: 'bounced', rawReason, errorCode, bounceClass };
    return { kind: 'deferred', rawReason, errorCode, bounceClass, retryAfterMs: null, tls };
  }
  const failure = err.code === 'ETIMEDOUT' ? 'timeout' : err.code === 'ETLS' ? 'tls' : 'network';
  return {
    kind: 'deferred',
    rawReason: `${err.code ?? 'ERROR'} ${err.message}`.trim(),
    errorCode: null,
    bounceClass: classifyConnectionFailure(failure),
    retryAfterMs: null,
    tls,
  };
}
