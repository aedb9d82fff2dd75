// One message over one pooled connection, with the result as a TransmitOutcome.
import type { TransmitOutcome } from '../outcome.js';
import type { SmtpPool } from './pool.js';
import type { Destination } from './smtp-client.js';
import { outcomeFromError } from './smtp-outcome.js';

export interface Envelope {
  /** MAIL FROM: the VERP address on the bounce domain. */
  from: string;
  /** RCPT TO: one recipient per copy. */
  to: string;
}

export async function transmitOver(pool: SmtpPool, dest: Destination, envelope: Envelope, message: Buffer): Promise<TransmitOutcome> {
  try {
    return await pool.withSession(dest, async (session) => {
      try {
        const info = await session.send(envelope, message);
        const value: TransmitOutcome = { kind: 'delivered', reply: info.response, tls: session.secure, remoteHost: dest.servername };
        return { value, reusable: true };
      } catch (err) {
        // After a failed transaction the session state is unknown (mid-RCPT, half a DATA): never reuse it.
        return { value: outcomeFromError(err, session.secure), reusable: false };
      }
    });
  } catch (err) {
    // Opening failed: refused, timed out, TLS, greeting or AUTH rejected.
    return outcomeFromError(err, false);
  }
}
