// Domain queries. Every read that serves a team filters by team_id.
import type { Executor } from '../db/index.js';
import type { RecordStatuses } from './status.js';
import type { DkimKeyRow, DomainStatus, SendingDomainRow } from './tables.js';

export async function findDomain(db: Executor, teamId: number, domain: string): Promise<SendingDomainRow | undefined> {
  return db.selectFrom('sending_domains').selectAll().where('team_id', '=', teamId).where('domain', '=', domain).executeTakeFirst();
}

export async function findDomainById(db: Executor, teamId: number, id: number): Promise<SendingDomainRow | undefined> {
  return db.selectFrom('sending_domains').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

export async function listDomains(db: Executor, teamId: number): Promise<SendingDomainRow[]> {
  return db.selectFrom('sending_domains').selectAll().where('team_id', '=', teamId).orderBy('domain').execute();
}

export async function activeKeys(db: Executor, teamId: number, domainId: number): Promise<DkimKeyRow[]> {
  return db.selectFrom('domain_dkim_keys').selectAll()
    .where('team_id', '=', teamId).where('domain_id', '=', domainId).where('state', '=', 'active')
    .orderBy('id').execute();
}

/** Active and pending keys: every DKIM record the user should have published. */
export async function publishedKeys(db: Executor, teamId: number, domainId: number): Promise<DkimKeyRow[]> {
  return db.selectFrom('domain_dkim_keys').selectAll()
    .where('team_id', '=', teamId).where('domain_id', '=', domainId).where('state', 'in', ['active', 'pending'])
    .orderBy('id').execute();
}

/** Another team holding this domain with ownership proven (a valid DKIM record) blocks adding it elsewhere. */
export async function provenElsewhere(db: Executor, teamId: number, domain: string): Promise<boolean> {
  const row = await db.selectFrom('sending_domains').select('id')
    .where('domain', '=', domain).where('team_id', '!=', teamId).where('dkim_status', '=', 'valid')
    .executeTakeFirst();
  return row !== undefined;
}

/** Selectors used for this domain name by any team, so a new key never takes a name another record occupies. */
export async function selectorsInUse(db: Executor, domain: string): Promise<string[]> {
  const rows = await db.selectFrom('domain_dkim_keys')
    .innerJoin('sending_domains', 'sending_domains.id', 'domain_dkim_keys.domain_id')
    .select('domain_dkim_keys.selector').where('sending_domains.domain', '=', domain).execute();
  return rows.map((r) => r.selector);
}

export async function insertDomain(db: Executor, row: Omit<SendingDomainRow, 'id'>): Promise<SendingDomainRow> {
  return db.insertInto('sending_domains').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertKeys(db: Executor, rows: Array<Omit<DkimKeyRow, 'id'>>): Promise<DkimKeyRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('domain_dkim_keys').values(rows).returningAll().execute();
}

/** Rotation complete: the old active keys retire and the pending ones take over, in the caller's transaction. */
export async function promotePendingKeys(db: Executor, teamId: number, domainId: number, now: number): Promise<void> {
  await db.updateTable('domain_dkim_keys').set({ state: 'retired', retired_at: now })
    .where('team_id', '=', teamId).where('domain_id', '=', domainId).where('state', '=', 'active').execute();
  await db.updateTable('domain_dkim_keys').set({ state: 'active' })
    .where('team_id', '=', teamId).where('domain_id', '=', domainId).where('state', '=', 'pending').execute();
}

/** A new rotation replaces one still waiting for its records (those keys never signed anything). */
export async function deletePendingKeys(db: Executor, teamId: number, domainId: number): Promise<void> {
  await db.deleteFrom('domain_dkim_keys')
    .where('team_id', '=', teamId).where('domain_id', '=', domainId).where('state', '=', 'pending').execute();
}

export async function deleteDomain(db: Executor, teamId: number, domainId: number): Promise<void> {
  await db.deleteFrom('domain_dkim_keys').where('team_id', '=', teamId).where('domain_id', '=', domainId).execute();
  await db.deleteFrom('sending_domains').where('team_id', '=', teamId).where('id', '=', domainId).execute();
}

export interface VerificationWrite extends RecordStatuses {
  verification: string;
  last_verified_at: number;
  next_verify_at: number;
  verify_attempts: number;
  updated_at: number;
}

export async function saveVerification(db: Executor, teamId: number, domainId: number, values: VerificationWrite): Promise<SendingDomainRow | undefined> {
  return db.updateTable('sending_domains').set(values)
    .where('team_id', '=', teamId).where('id', '=', domainId).returningAll().executeTakeFirst();
}

export async function setDomainStatus(db: Executor, teamId: number, domainId: number, status: DomainStatus, now: number): Promise<SendingDomainRow | undefined> {
  return db.updateTable('sending_domains').set({ status, updated_at: now })
    .where('team_id', '=', teamId).where('id', '=', domainId).returningAll().executeTakeFirst();
}

/** The background job's batch across all teams (a system scan, not a team's read): due domains, oldest first. */
export async function dueForVerification(db: Executor, now: number, limit: number): Promise<SendingDomainRow[]> {
  return db.selectFrom('sending_domains').selectAll()
    .where('next_verify_at', '<=', now).orderBy('next_verify_at').limit(limit).execute();
}

/** Check again soon, from the bottom of the back-off ladder (new records are about to be published). */
export async function restartVerification(db: Executor, teamId: number, domainId: number, at: number): Promise<void> {
  await db.updateTable('sending_domains').set({ next_verify_at: at, verify_attempts: 0 })
    .where('team_id', '=', teamId).where('id', '=', domainId).execute();
}

/** Push a domain's next check out before verifying it, so a crash mid-batch never re-runs it in a tight loop. */
export async function postponeVerification(db: Executor, teamId: number, domainId: number, until: number): Promise<void> {
  await db.updateTable('sending_domains').set({ next_verify_at: until }).where('team_id', '=', teamId).where('id', '=', domainId).execute();
}
