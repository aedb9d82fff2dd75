// Group commit of concurrent transactions on the embedded database. SQLite has one writer; instead of one BEGIN …
// COMMIT per request, the transactions that arrive together run back to back inside one database transaction, each
// in its own SAVEPOINT so a failure (a refusal, a constraint) undoes only its own writes. Nobody is answered before
// the shared COMMIT, and the HTTP layer still awaits durable() (the WAL fsync) before any 2xx.
// Measured on the bench machine: COMMIT was ~140 µs per accept (WAL frame writes, plus checkpoints), the largest
// single statement of POST /emails; batching shares it and the pages every accept touches (index leaves, the jobs
// table's tail) across the batch.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

/** Most transactions per batch: bounds how long one batch holds the connection (and other readers' wait). */
export const MAX_BATCH = 64;

interface Pending {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly kysely: Kysely<DB>, private readonly inTransaction: () => boolean) {}

  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let the requests whose bytes are already here reach this point too, then commit them together.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const settled: Settled[] = [];
      try {
        await this.kysely.transaction().execute(async (trx) => {
          for (const item of batch) settled.push(await this.runOne(trx, item));
        });
      } catch (err) {
        // The COMMIT failed, or SQLite rolled the whole transaction back (SQLITE_FULL, SQLITE_IOERR): nothing of this
        // batch is stored, so nobody in it may hear otherwise.
        for (const item of batch) item.reject(err);
        continue;
      }
      batch.forEach((item, i) => {
        const s = settled[i]!;
        if (s.ok) item.resolve(s.value);
        else item.reject(s.error);
      });
    }
    this.scheduled = false;
  }

  private async runOne(trx: Transaction<DB>, item: Pending): Promise<Settled> {
    await sql`SAVEPOINT lettr_group`.execute(trx);
    try {
      const value = await item.fn(trx);
      await sql`RELEASE lettr_group`.execute(trx);
      return { ok: true, value };
    } catch (error) {
      // Gone with the whole transaction: abort the batch (the catch in flush rejects everyone).
      if (!this.inTransaction()) throw error;
      await sql`ROLLBACK TO lettr_group`.execute(trx);
      await sql`RELEASE lettr_group`.execute(trx);
      return { ok: false, error };
    }
  }
}
