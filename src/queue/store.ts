// The queue's SQL. Each operation is one statement. Claiming is an UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING:
// on PostgreSQL the inner SELECT takes FOR UPDATE SKIP LOCKED, so many workers in many processes claim disjoint rows
// without waiting on each other; on SQLite one process owns the file and Kysely's single connection serialises
// statements, so the single UPDATE is already atomic (it takes the write lock for its whole run).
// Completion and retry are guarded by `locked_by`: a worker whose lease expired and whose job was re-claimed elsewhere
// cannot overwrite the new owner's state (at-least-once, never lost).
import type { Selectable } from 'kysely';
import type { Database, Executor } from '../db/index.js';
import type { JobsTable } from './tables.js';

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  queue: string;
  lane?: string;
  payload: unknown;
  teamId?: number | null;
  runAt?: number;
  dedupeKey?: string | null;
}

export async function enqueue(db: Executor, jobs: NewJob[], now = Date.now()): Promise<void> {
  for (let i = 0; i < jobs.length; i += 100) {
    await db
      .insertInto('jobs')
      .values(
        jobs.slice(i, i + 100).map((j) => ({
          queue: j.queue,
          lane: j.lane ?? 'default',
          payload: JSON.stringify(j.payload),
          team_id: j.teamId ?? null,
          run_at: j.runAt ?? now,
          attempts: 0,
          dedupe_key: j.dedupeKey ?? null,
          created_at: now,
        })),
      )
      .execute();
  }
}

export interface ClaimOptions {
  queue: string;
  lanes: string[];
  limit: number;
  workerId: string;
  leaseMs: number;
  now: number;
}

export async function claimJobs(db: Database, o: ClaimOptions): Promise<JobRow[]> {
  let runnable = db.kysely
    .selectFrom('jobs')
    .select('id')
    .where('queue', '=', o.queue)
    .where('lane', 'in', o.lanes)
    .where('run_at', '<=', o.now)
    .where('failed_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', o.now)]))
    .orderBy('run_at')
    .orderBy('id')
    .limit(o.limit);
  if (db.dialect === 'postgres') runnable = runnable.forUpdate().skipLocked();
  return db.kysely
    .updateTable('jobs')
    .set((eb) => ({ locked_by: o.workerId, locked_until: o.now + o.leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', runnable)
    .returningAll()
    .execute();
}

/** Done: the row goes; its history lives in events. Call inside the handler's own transaction to make it atomic. */
export async function completeJob(db: Executor, job: Pick<JobRow, 'id' | 'locked_by'>): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', job.locked_by).execute();
}

export async function retryJob(db: Executor, job: Pick<JobRow, 'id' | 'locked_by'>, runAt: number, error: string | null): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ run_at: runAt, locked_by: null, locked_until: null, last_error: error?.slice(0, 2000) ?? null })
    .where('id', '=', job.id)
    .where('locked_by', '=', job.locked_by)
    .execute();
}

export async function failJob(db: Executor, job: Pick<JobRow, 'id' | 'locked_by'>, error: string, now: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ failed_at: now, locked_by: null, locked_until: null, last_error: error.slice(0, 2000) })
    .where('id', '=', job.id)
    .where('locked_by', '=', job.locked_by)
    .execute();
}

/**
 * Push a long-running job's lease forward so it is not re-claimed while still working. False when the claim is no
 * longer ours: every claim has its own `locked_by`, so a job whose lease lapsed and was claimed again (by any worker,
 * this process included) does not match, and the old attempt must stop before it does anything visible.
 */
export async function extendLease(db: Executor, job: Pick<JobRow, 'id' | 'locked_by'>, until: number): Promise<boolean> {
  const r = await db.updateTable('jobs').set({ locked_until: until }).where('id', '=', job.id).where('locked_by', '=', job.locked_by).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
