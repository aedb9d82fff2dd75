// A real SMTP server on 127.0.0.1:0 for tests: records every accepted envelope and raw message, and can be
// scripted to fail on purpose at a given phase (reply 4xx/5xx, drop the connection, or stall).
import net from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export type SinkPhase = 'connect' | 'mail' | 'rcpt' | 'data';
/**
 * `reply`: answer with this code; `drop`: destroy the socket (mid-DATA after part of the body); `stall`: never answer;
 * `delayMs`: accept normally after a pause (keeps messages in flight, e.g. for crash tests).
 */
export type SinkAction = { reply: number; text?: string } | { drop: true } | { stall: true } | { delayMs: number };

export interface SinkRule {
  phase: SinkPhase;
  action: SinkAction;
  /** Only for this envelope recipient (rcpt and data phases). */
  rcpt?: string;
  /** How many times the rule fires before it is spent; unset = forever. */
  times?: number;
  /** Fires only when this says so (e.g. at random); a rule that does not fire is not spent. */
  when?: () => boolean;
}

export interface SinkMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  /** The session ran over TLS (implicit or after STARTTLS). */
  secure: boolean;
  user: string | undefined;
  sessionId: string;
}

export interface SinkOptions {
  /** Offer STARTTLS with smtp-server's built-in test certificate. */
  starttls?: boolean;
  /** Implicit TLS from the first byte (smtps). */
  secure?: boolean;
  /** Require AUTH PLAIN/LOGIN with these credentials. */
  auth?: { user: string; pass: string };
}

export interface SmtpSink {
  host: string;
  port: number;
  messages: SinkMessage[];
  /** Connections opened so far and the most open at once (for pooling and concurrency limits). */
  stats: { connections: number; maxConcurrent: number; open: number };
  script(...rules: SinkRule[]): void;
  /** Every scripted rule with a `times` count has fired that often. */
  spent(): boolean;
  /** Forgets the scripted rules and restarts the concurrency high-water mark (messages are kept). */
  reset(): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

const defaultText: Record<number, string> = {
  421: '4.7.0 Try again later, closing connection',
  450: '4.2.1 Mailbox busy, try again later',
  451: '4.3.0 Temporary local problem, try again later',
  452: '4.2.2 Mailbox over quota',
  550: '5.1.1 User unknown',
  552: '5.2.2 Mailbox full',
  554: '5.7.1 Message rejected',
};

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  let rules: SinkRule[] = [];
  const messages: SinkMessage[] = [];
  const stats = { connections: 0, maxConcurrent: 0, open: 0 };
  const sockets = new Set<net.Socket>();
  const waiters = new Set<() => void>();

  const take = (phase: SinkPhase, rcpt?: string): SinkAction | undefined => {
    const rule = rules.find((r) => r.phase === phase && (r.rcpt === undefined || r.rcpt === rcpt) && r.times !== 0 && (r.when?.() ?? true));
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times -= 1;
    return rule.action;
  };

  const dropSession = (session: SMTPServerSession): void => {
    for (const conn of server.connections) if (conn.id === session.id) conn._socket.destroy();
  };

  // Applies an action through a smtp-server callback; returns true when the action took over the reply.
  const apply = (action: SinkAction | undefined, session: SMTPServerSession, cb: (err?: Error | null) => void): boolean => {
    if (!action || 'delayMs' in action) return false;
    if ('stall' in action) return true;
    if ('drop' in action) { dropSession(session); return true; }
    if (action.reply >= 400) { cb(smtpError(action.reply, action.text ?? defaultText[action.reply] ?? 'Scripted failure')); return true; }
    return false;
  };

  const server = new SMTPServer({
    secure: options.secure ?? false,
    logger: false,
    disabledCommands: [...(options.starttls || options.secure ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    closeTimeout: 100,
    onConnect(session, cb) {
      // Counted per SMTP session: a raw socket upgraded by STARTTLS does not report its own close.
      stats.connections += 1;
      stats.open += 1;
      stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.open);
      if (!apply(take('connect'), session, cb)) cb();
    },
    onClose() {
      stats.open -= 1;
    },
    onAuth(auth, _session, cb) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (ok) cb(null, { user: auth.username });
      else cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, cb) {
      if (!apply(take('mail'), session, cb)) cb();
    },
    onRcptTo(address, session, cb) {
      if (!apply(take('rcpt', address.address), session, cb)) cb();
    },
    onData(stream, session, cb) {
      const rcpts = session.envelope.rcptTo.map((r) => r.address);
      const action = rcpts.map((r) => take('data', r)).find(Boolean) ?? take('data');
      // A client that dies mid-DATA (a killed process, a test's drop) ends the stream with an error: nothing to record.
      receive(stream, session, action, cb).catch(() => undefined);
    },
  });

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession, action: SinkAction | undefined,
    cb: (err?: Error | null, message?: string) => void): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      // Drop only after part of the body arrived, so the client sees the connection die mid-DATA.
      if (action && 'drop' in action) { dropSession(session); return; }
    }
    if (action && 'drop' in action) { dropSession(session); return; }
    if (action && 'stall' in action) return;
    if (action && 'delayMs' in action) await new Promise((r) => setTimeout(r, action.delayMs));
    if (action && 'reply' in action && action.reply >= 400) { cb(smtpError(action.reply, action.text ?? defaultText[action.reply] ?? 'Scripted failure')); return; }
    messages.push({
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
      raw: Buffer.concat(chunks),
      secure: session.secure,
      user: typeof session.user === 'string' ? session.user : undefined,
      sessionId: session.id,
    });
    for (const wake of waiters) wake();
    cb(null, `2.0.0 Ok: queued as sink-${messages.length}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Connection-level errors (ECONNRESET from a killed client) are part of what tests do to the sink.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const address = server.server.address() as net.AddressInfo;

  return {
    host: '127.0.0.1',
    port: address.port,
    messages,
    stats,
    script(...more) { rules.push(...more.map((r) => ({ ...r }))); },
    spent() { return rules.every((r) => r.times === undefined || r.times === 0); },
    reset() { rules = []; stats.maxConcurrent = stats.open; },
    waitForMessages(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`sink: ${messages.length}/${count} messages after ${timeoutMs} ms`)); }, timeoutMs);
        const check = (): void => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages.slice());
        };
        waiters.add(check);
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
