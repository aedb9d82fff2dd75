// `local`: real SMTP to the built-in catch-all mailbox on loopback, so the embedded mode exercises the same
// client, pool and outcome mapping as production delivery.
import { SmtpPool } from '../smtp/pool.js';
import { transmitOver } from '../smtp/transmit.js';
import type { SmtpClientSettings, Transport } from './transport.js';

/** The built-in mailbox takes mail only from a client that authenticates with the credential derived from the master key. */
export const MAILBOX_SMTP_USER = 'lettr-delivery';
export const MAILBOX_SMTP_PURPOSE = 'mailbox-smtp-auth';

export function localTransport(settings: SmtpClientSettings, mailboxPort: () => number, auth: { user: string; pass: string }): Transport {
  const pool = new SmtpPool(settings);
  return {
    mode: 'local',
    send(envelope, message) {
      // The port is read per send: with LETTR_MAILBOX_SMTP_PORT=0 it is known only once the listener is up.
      const dest = { host: '127.0.0.1', port: mailboxPort(), servername: 'localhost', secure: false, verifyTls: false, ignoreTls: true, auth };
      return transmitOver(pool, dest, envelope, message);
    },
    close: () => pool.close(),
  };
}
