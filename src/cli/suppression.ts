// lettr suppression list|add|remove --team ID [--email EMAIL] [--reason …]: the team's suppression list for the operator.
import { addSuppression, listSuppressions, removeSuppression } from '../delivery/index.js';
import { isValidEmail } from '../sending/index.js';
import { teamOf, withContext } from './context.js';
import { requireString, UsageError, type Io, type Parsed } from './io.js';

const REASONS = ['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint'] as const;

export async function suppressionCommand(sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  await withContext(async (ctx) => {
    const k = ctx.db.kysely;
    const teamId = await teamOf(k, flags);
    if (sub === 'list') {
      const rows = await listSuppressions(k, teamId);
      const view = rows.map((r) => ({ email: r.email, reason: r.reason, transactional: r.transactional === 1, non_transactional: r.non_transactional === 1, created_at: new Date(r.created_at).toISOString() }));
      io.out({ suppressions: view }, view.map((r) => `${r.email}\t${r.reason}\t${r.created_at}${r.transactional ? '' : '\t(marketing only)'}`).join('\n') || 'No suppressed addresses.');
      return;
    }
    const email = requireString(flags, 'email').trim();
    if (!isValidEmail(email)) throw new UsageError(`--email ${email} is not a valid email address`);
    if (sub === 'add') {
      const reason = (flags.reason ?? 'manual') as (typeof REASONS)[number];
      if (!REASONS.includes(reason)) throw new UsageError(`--reason must be one of ${REASONS.join(', ')}`);
      const marketingOnly = flags['marketing-only'] === true;
      await addSuppression(k, { teamId, email, reason, transactional: !marketingOnly, nonTransactional: true, now: ctx.clock.now() });
      io.out({ email: email.toLowerCase(), suppressed: true }, `Suppressed ${email}${marketingOnly ? ' for marketing mail' : ''}.`);
      return;
    }
    const removed = await removeSuppression(k, teamId, email);
    io.out({ email: email.toLowerCase(), removed }, removed ? `Removed ${email} from the suppression list.` : `${email} was not on the suppression list.`);
  });
}
