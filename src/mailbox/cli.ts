// lettr mailbox list [--team ID] [--recipient EMAIL] [--limit N] [--json]
import { withContext } from '../cli/context.js';
import { UsageError, type Io, type Parsed } from '../cli/io.js';
import { presentMailboxMessage } from './presenters.js';
import { listMailbox } from './store.js';

export async function mailboxCommand(_sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  if (flags.team !== undefined && !/^\d+$/.test(String(flags.team))) throw new UsageError('--team must be a numeric id');
  if (flags.limit !== undefined && !/^\d+$/.test(String(flags.limit))) throw new UsageError('--limit must be a number');
  const limit = Math.min(1000, Math.max(1, flags.limit ? Number(flags.limit) : 50));
  await withContext(async (ctx) => {
    const rows = await listMailbox(ctx.db.kysely, flags.team ? Number(flags.team) : null, {
      limit, recipient: typeof flags.recipient === 'string' ? flags.recipient : undefined,
    });
    const messages = rows.slice(0, limit).map(presentMailboxMessage);
    const human = messages.map((m) => `${m.received_at}\t${m.rcpt_to}\t${m.subject ?? ''}`).join('\n') || 'The mailbox is empty.';
    io.out({ messages }, human);
  });
}
