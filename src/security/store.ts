// Reads behind the security overview, each filtered by team. Failed authentication has no team of its own (a wrong
// key names nobody), so a team sees the failures whose key prefix (the first 12 characters) is one of its own keys'
// prefixes: attempts with a revoked, expired or IP-refused key of this team, or a guess at one. Sandbox keys share the
// prefix `lttr_sandbox` across teams and are left out for that reason.
import { sql } from 'kysely';
import type { Dialect, Executor } from '../db/index.js';
import { DAY_MS } from './overview.js';

const SHARED_PREFIX = 'lttr_sandbox';

/** Recipients accepted per UTC day index since `since`. */
export async function sendsPerDay(db: Executor, teamId: number, since: number): Promise<Map<number, number>> {
  const day = sql<number>`m.created_at / ${sql.lit(DAY_MS)}`;
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('message_recipients as r', 'r.message_id', 'm.id')
    .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.team_id', '=', teamId)
    .where('m.created_at', '>=', since)
    .groupBy(day)
    .execute();
  return new Map(rows.map((r) => [Math.floor(Number(r.day)), Number(r.n)]));
}

/** Recipient domains this team first sent to at or after `since`: first time and how many recipients since. */
export async function newRecipientDomains(db: Executor, dialect: Dialect, teamId: number, since: number, limit: number) {
  const domain = dialect === 'postgres' ? sql<string>`lower(split_part(r.email, '@', 2))` : sql<string>`lower(substr(r.email, instr(r.email, '@') + 1))`;
  const rows = await db
    .selectFrom('message_recipients as r')
    .select([domain.as('domain'), (eb) => eb.fn.min<number>('r.created_at').as('first_seen'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.team_id', '=', teamId)
    .groupBy(domain)
    .having((eb) => eb.fn.min('r.created_at'), '>=', since)
    .orderBy('first_seen', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ domain: r.domain, first_seen_at: new Date(Number(r.first_seen)).toISOString(), recipients: Number(r.n) }));
}

/** Failed API authentication with this team's key prefixes since `since`, grouped by client IP, prefix and reason. */
export async function failedAuth(db: Executor, teamId: number, since: number, limit: number) {
  const prefixes = db.selectFrom('api_keys').select('display_prefix').where('team_id', '=', teamId).where('display_prefix', '!=', SHARED_PREFIX);
  const rows = await db
    .selectFrom('auth_failures')
    .select(['ip', 'key_prefix', 'reason', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max<number>('created_at').as('last_at')])
    .where('key_prefix', 'in', prefixes)
    .where('created_at', '>=', since)
    .groupBy(['ip', 'key_prefix', 'reason'])
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ip: r.ip, key_prefix: r.key_prefix, reason: r.reason, attempts: Number(r.n), last_at: new Date(Number(r.last_at)).toISOString() }));
}

/** Keys created since `since` (any state). */
export async function keysCreatedSince(db: Executor, teamId: number, since: number): Promise<number> {
  const row = await db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('team_id', '=', teamId).where('created_at', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}
