// The built-in catch-all mailbox: an SMTP listener on loopback that the `local` delivery mode sends to.
// It answers 250 only after the message is stored (durably, by the caller's `store`), so a crash can never lose a
// message our delivery side already counted as delivered.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export interface MailboxHandlers {
  /**
   * Whether the SMTP AUTH credential is our own delivery's. Knowing a VERP address is not enough to file mail
   * (addresses are visible in stored mail); only processes holding the master key can compute the credential.
   */
  authenticate(user: string, pass: string): boolean;
  /** Whether this envelope sender belongs to a team (a VERP address we issued); others are refused. */
  acceptSender(mailFrom: string): Promise<boolean>;
  store(message: ReceivedMessage): Promise<void>;
}

export interface MailboxListener {
  port: number;
  close(): Promise<void>;
}

export interface ListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest message accepted (bytes); advertised as SIZE (RFC 1870). */
  maxBytes: number;
  /** Connection-level errors (a client resetting the socket); without a handler they would crash the process. */
  onError?: (err: Error) => void;
}

function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startMailboxListener(opts: ListenerOptions, handlers: MailboxHandlers): Promise<MailboxListener> {
  const server = new SMTPServer({
    name: 'lettr-mailbox',
    banner: 'Lettr local mailbox',
    logger: false,
    // AUTH is required before MAIL FROM. Plain AUTH without TLS is acceptable here: the listener binds loopback only.
    authOptional: false,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: ['STARTTLS'],
    size: opts.maxBytes,
    closeTimeout: 1_000,
    onAuth(auth, _session, cb) {
      if (typeof auth.username === 'string' && typeof auth.password === 'string' && handlers.authenticate(auth.username, auth.password)) {
        cb(null, { user: auth.username });
      } else {
        cb(reply(535, '5.7.8 Authentication credentials invalid'));
      }
    },
    onMailFrom(address, session, cb) {
      // smtp-server already refuses MAIL FROM before AUTH (530); this guards against a change of its defaults.
      if (!session.user) return cb(reply(530, '5.7.0 Authentication required'));
      handlers.acceptSender(address.address).then(
        (ok) => cb(ok ? null : reply(550, '5.7.1 Unknown envelope sender: the mailbox accepts mail from this Lettr only')),
        () => cb(reply(451, '4.3.0 Temporary lookup failure')),
      );
    },
    onData(stream, session, cb) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) return cb(reply(552, `5.3.4 Message exceeds the ${opts.maxBytes} byte limit`));
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          await handlers.store({ mailFrom, rcptTo: session.envelope.rcptTo.map((r) => r.address), raw });
          cb(null, '2.0.0 Stored in the Lettr mailbox');
        })
        .catch(() => cb(reply(451, '4.3.0 Could not store the message, try again later')));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.server.off('error', reject); resolve(); });
  });
  server.on('error', (err: Error) => opts.onError?.(err));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
