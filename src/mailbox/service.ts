// The mailbox listener as a process service. It runs with the workers (roles `worker` and `all`), next to the
// `local` transport that sends to it, and only when LETTR_DELIVERY=local: relay/mx deployments open no port 1025.
import { deliveryRuntime, MAILBOX_SMTP_PURPOSE, MAILBOX_SMTP_USER, parseVerpAddress, recipientByVerpToken } from '../delivery/index.js';
import type { Service } from '../http/service.js';
import { startMailboxListener, type MailboxHandlers, type MailboxListener } from './listener.js';
import { parseMail } from './parse.js';
import { storeReceived } from './store.js';

/** Largest message the mailbox takes: the API's 5 MB of base64 attachments plus bodies and MIME overhead. */
export const MAILBOX_MAX_BYTES = 40 * 1024 * 1024;

export const mailboxService: Service = {
  name: 'mailbox',
  roles: ['worker'],
  async start(ctx) {
    if (ctx.config.delivery !== 'local') return { stop: async () => {} };
    const sender = async (mailFrom: string) => {
      const token = parseVerpAddress(mailFrom);
      return token ? recipientByVerpToken(ctx.db.kysely, token) : null;
    };
    const handlers: MailboxHandlers = {
      authenticate: (user, pass) => user === MAILBOX_SMTP_USER && ctx.secrets.acceptsDerived(MAILBOX_SMTP_PURPOSE, pass),
      acceptSender: async (mailFrom) => (await sender(mailFrom)) !== null,
      async store(message) {
        const owner = await sender(message.mailFrom);
        if (!owner) throw new Error('sender vanished between MAIL FROM and DATA');
        const parsed = await parseMail(message.raw);
        await storeReceived(ctx.db.kysely, {
          teamId: owner.teamId, recipientId: owner.recipientId, requestId: owner.requestId,
          mailFrom: message.mailFrom, rcptTo: message.rcptTo, parsed, raw: message.raw, now: ctx.clock.now(),
        });
      },
    };
    let listener: MailboxListener;
    try {
      listener = await startMailboxListener({
        host: '127.0.0.1', port: ctx.config.mailboxSmtpPort, maxBytes: MAILBOX_MAX_BYTES,
        onError: (err) => ctx.log.warn({ err }, 'local mailbox connection error'),
      }, handlers);
    } catch (err) {
      // Several worker processes on one host share one mailbox: the first to bind it serves them all (same database).
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      ctx.log.warn({ port: ctx.config.mailboxSmtpPort }, 'local mailbox port already in use; delivering to the listener already there');
      return { stop: async () => {} };
    }
    deliveryRuntime(ctx).setMailboxPort(listener.port);
    ctx.log.info({ port: listener.port }, 'local mailbox listening on 127.0.0.1');
    return { stop: () => listener.close() };
  },
};
