// Promise wrappers around nodemailer's SMTPConnection: open (EHLO, STARTTLS when offered, AUTH) and send.
import { isIP } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

export interface SmtpTimeouts {
  /** TCP connect (ms). */
  connectMs: number;
  /** Greeting and each command reply, including the final DATA reply (ms). */
  socketMs: number;
}

export interface Destination {
  /** Address to connect to (an IP for mx mode, a host name for relay). */
  host: string;
  port: number;
  /** Name for TLS SNI / certificate checks (the MX or relay host name). */
  servername: string;
  /** Implicit TLS (smtps). */
  secure: boolean;
  /** Verify the server certificate: yes for a configured relay, no for opportunistic MX TLS (RFC 7435). */
  verifyTls: boolean;
  /** Skip STARTTLS (used to retry an MX whose TLS handshake failed). */
  ignoreTls: boolean;
  auth?: { user: string; pass: string } | null;
}

export interface OpenOptions extends SmtpTimeouts {
  /** Our EHLO name. */
  ehloName: string;
}

type Pending = (err: Error) => void;

function connectionClosed(): Error {
  return Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
}

/**
 * One open SMTP connection. nodemailer reports a dropped socket or a timeout as an 'error'/'end' event rather than
 * through the send callback, so every operation registers itself here to be failed by those events.
 */
export class SmtpSession {
  private pending: Pending | null = null;
  closed = false;
  messages = 0;

  constructor(private readonly conn: SMTPConnection) {
    conn.on('error', (err) => { this.closed = true; this.fail(err); });
    conn.on('end', () => { this.closed = true; setImmediate(() => this.fail(connectionClosed())); });
  }

  get secure(): boolean {
    return this.conn.secure;
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.(err);
  }

  private run<T>(start: (done: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(connectionClosed());
    return new Promise<T>((resolve, reject) => {
      this.pending = reject;
      start((err, value) => {
        if (this.pending !== reject) return; // already failed by an event
        this.pending = null;
        if (err) reject(err); else resolve(value as T);
      });
    });
  }

  connect(auth: Destination['auth']): Promise<void> {
    return this.run<void>((done) => this.conn.connect((err) => {
      if (err || !auth) return done(err);
      this.conn.login({ user: auth.user, pass: auth.pass }, (loginErr) => done(loginErr));
    }));
  }

  send(envelope: { from: string; to: string }, message: Buffer): Promise<SMTPConnection.SentMessageInfo> {
    this.messages += 1;
    return this.run((done) => this.conn.send({ from: envelope.from, to: [envelope.to] }, message, (err, info) => done(err, info)));
  }

  /** An idle pooled connection must not keep the process alive (tests, CLI, shutdown). */
  setIdle(idle: boolean): void {
    const socket = (this.conn as unknown as { _socket?: { ref(): void; unref(): void } })._socket;
    if (idle) socket?.unref(); else socket?.ref();
  }

  close(): void {
    this.closed = true;
    if (this.conn.destroyed) return;
    // QUIT politely when idle; the socket is destroyed by nodemailer once the server answers or the timeout fires.
    try { this.conn.quit(); } catch { this.conn.close(); }
  }
}

export async function openSession(dest: Destination, opts: OpenOptions): Promise<SmtpSession> {
  const conn = new SMTPConnection({
    host: dest.host,
    port: dest.port,
    secure: dest.secure,
    name: opts.ehloName,
    ignoreTLS: dest.ignoreTls,
    opportunisticTLS: !dest.verifyTls,
    // SNI must be a host name (RFC 6066 §3); an IP there makes Node warn and some servers refuse.
    tls: { rejectUnauthorized: dest.verifyTls, ...(isIP(dest.servername) ? {} : { servername: dest.servername }) },
    connectionTimeout: opts.connectMs,
    greetingTimeout: opts.socketMs,
    socketTimeout: opts.socketMs,
    logger: false,
  });
  const session = new SmtpSession(conn);
  try {
    await session.connect(dest.auth ?? null);
  } catch (err) {
    session.close();
    throw err;
  }
  return session;
}
