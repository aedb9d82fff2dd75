// Runs queue handlers: each (queue, lane group) loop claims up to its free slots, runs jobs concurrently, and turns
// every outcome into one queue statement. A thrown error is a bug or an outage, never a lost job: it becomes a retry
// with back-off here, the one job boundary.
import crypto from 'node:crypto';
import type { AppContext } from '../http/context.js';
import { backoffMs } from './backoff.js';
import { claimJobs, completeJob, failJob, retryJob, type JobRow } from './store.js';

export type JobOutcome =
  | { kind: 'done' }
  | { kind: 'retry'; at: number; error?: string }
  /** Run again at `at` as if new (attempts reset): recurring jobs. */
  | { kind: 'reschedule'; at: number }
  | { kind: 'failed'; error: string };

export interface ClaimedJob<P = unknown> extends JobRow {
  data: P;
}

export interface LaneLoop {
  lanes: string[];
  concurrency: number;
}

export interface JobHandler<P = any> {
  queue: string;
  /** Lane groups, each with its own claim loop and slots, so one lane's backlog never delays another. */
  loops?: LaneLoop[];
  /** How long a claim is held before another worker may take the job (must exceed the handler's worst case). */
  leaseMs?: number;
  /** For recurring handlers: run every this many ms (one job row per queue, kept by dedupe key). */
  everyMs?: number;
  handle(job: ClaimedJob<P>, ctx: AppContext): Promise<JobOutcome>;
}

const DEFAULT_LOOPS: LaneLoop[] = [{ lanes: ['default'], concurrency: 1 }];
const DEFAULT_LEASE_MS = 5 * 60_000;

export async function applyOutcome(ctx: AppContext, job: JobRow, outcome: JobOutcome): Promise<void> {
  const k = ctx.db.kysely;
  switch (outcome.kind) {
    case 'done':
      return completeJob(k, job);
    case 'retry':
      return retryJob(k, job, outcome.at, outcome.error ?? null);
    case 'reschedule':
      await k.updateTable('jobs').set({ attempts: 0 }).where('id', '=', job.id).where('locked_by', '=', job.locked_by).execute();
      return retryJob(k, job, outcome.at, null);
    case 'failed':
      return failJob(k, job, outcome.error, ctx.clock.now());
  }
}

export async function runJob(ctx: AppContext, handler: JobHandler, job: JobRow): Promise<JobOutcome> {
  let outcome: JobOutcome;
  try {
    outcome = await handler.handle({ ...job, data: JSON.parse(job.payload) }, ctx);
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    ctx.log.error({ err, queue: job.queue, jobId: job.id, attempts: job.attempts }, 'job threw; retrying with back-off');
    outcome = { kind: 'retry', at: ctx.clock.now() + backoffMs(job.attempts), error };
  }
  try {
    await applyOutcome(ctx, job, outcome);
  } catch (err) {
    // The database is unreachable: leave the row locked; its lease expires and it is claimed again.
    ctx.log.error({ err, jobId: job.id }, 'could not record job outcome; the lease will expire and it will run again');
  }
  return outcome;
}

export class Worker {
  readonly id = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  /** Each claim locks its jobs with its own token (`id:n`), so a re-claim by this same worker fences the old attempt. */
  private claims = 0;
  private running = false;
  private inflight = new Set<Promise<unknown>>();
  private loops: Promise<void>[] = [];
  private sleepers = new Map<string, Set<() => void>>();
  /** When a claim loop last went round (readiness: /readyz says unready when it stalls). */
  lastPollAt = Date.now();

  constructor(private readonly ctx: AppContext, private readonly handlers: JobHandler[], private readonly pollMs = 250) {}

  wake(queue: string): void {
    for (const resolve of this.sleepers.get(queue) ?? []) resolve();
  }

  async start(): Promise<void> {
    this.running = true;
    for (const h of this.handlers) {
      if (h.everyMs) await ensureRecurring(this.ctx, h.queue);
      for (const loop of h.loops ?? DEFAULT_LOOPS) this.loops.push(this.loop(h, loop));
    }
  }

  /** Stop claiming, wait for in-flight jobs up to the deadline. Unfinished ones are re-claimed after their lease. */
  async stop(deadlineMs: number): Promise<void> {
    this.running = false;
    for (const set of this.sleepers.values()) for (const resolve of set) resolve();
    const drained = Promise.all([...this.loops, ...this.inflight]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
  }

  private async loop(h: JobHandler, loop: LaneLoop): Promise<void> {
    let active = 0;
    while (this.running) {
      this.lastPollAt = Date.now();
      const free = loop.concurrency - active;
      let claimed: JobRow[] = [];
      if (free > 0) {
        try {
          claimed = await claimJobs(this.ctx.db, {
            queue: h.queue, lanes: loop.lanes, limit: free, workerId: `${this.id}:${++this.claims}`,
            leaseMs: h.leaseMs ?? DEFAULT_LEASE_MS, now: this.ctx.clock.now(),
          });
        } catch (err) {
          this.ctx.log.warn({ err, queue: h.queue }, 'claim failed; retrying after the poll interval');
        }
      }
      for (const job of claimed) {
        active++;
        const p = runJob(this.ctx, h, job).finally(() => {
          active--;
          this.inflight.delete(p);
          this.wake(h.queue);
        });
        this.inflight.add(p);
      }
      // A full batch means more may be waiting: claim again at once when slots free up.
      if (claimed.length === 0 || active >= loop.concurrency) await this.sleep(h.queue, this.pollMs);
    }
  }

  private sleep(queue: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.sleepers.get(queue) ?? new Set();
      this.sleepers.set(queue, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}

/** One row per recurring queue, created once whichever process starts first (dedupe key). */
export async function ensureRecurring(ctx: AppContext, queue: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.kysely
    .insertInto('jobs')
    .values({ queue, lane: 'default', payload: '{}', team_id: null, run_at: now, attempts: 0, dedupe_key: `recurring:${queue}`, created_at: now })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Tests: run every job of these queues that is due now (by ctx.clock), including jobs those jobs enqueue, until none is
 * due. Deterministic, no sleeping. Returns the number of jobs run.
 */
export async function runQueueOnce(ctx: AppContext, handlers: JobHandler[], opts: { maxJobs?: number } = {}): Promise<number> {
  let ran = 0;
  let claims = 0;
  const max = opts.maxJobs ?? 10_000;
  for (;;) {
    let progressed = false;
    for (const h of handlers) {
      const lanes = (h.loops ?? DEFAULT_LOOPS).flatMap((l) => l.lanes);
      const jobs = await claimJobs(ctx.db, { queue: h.queue, lanes, limit: 50, workerId: `test-runner:${++claims}`, leaseMs: h.leaseMs ?? DEFAULT_LEASE_MS, now: ctx.clock.now() });
      for (const job of jobs) {
        await runJob(ctx, h, job);
        ran++;
        progressed = true;
        if (ran >= max) return ran;
      }
    }
    if (!progressed) return ran;
  }
}
