// Group commit for the embedded database. SQLite runs with synchronous=NORMAL in WAL mode: a commit writes its WAL
// frames without fsync, and `durable()` makes every commit made so far durable with one fdatasync of the WAL file,
// run on libuv's thread pool so the event loop keeps serving while the disk works. Callers that answer "stored" (the
// HTTP API's 2xx, an SMTP 250) await it first; concurrent callers share one fsync: while one runs, the next is queued
// once and serves everyone who arrived meanwhile (their commits may have missed the running one).
// With synchronous=FULL each commit fsynced on the main thread: ~5.5 ms per commit on the bench machine's disk
// blocked the whole process and capped the API at ~70 accepted emails/s (bench profile, executeQuery self time).
// Checkpoints are unchanged: under NORMAL SQLite still syncs the WAL before copying it into the database and the
// database after, so a frame fsynced here is durable until it is checkpointed into an fsynced database file.
import fs from 'node:fs';

export class WalSync {
  private fd: number | null = null;
  private inflight: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** fdatasync calls made (tests and the bench read it). */
  syncs = 0;

  constructor(private readonly walPath: string) {}

  durable(): Promise<void> {
    if (!this.inflight) return this.start();
    this.next ??= this.inflight.catch(() => {}).then(() => {
      this.next = null;
      return this.start();
    });
    return this.next;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private start(): Promise<void> {
    const p = this.syncOnce().finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    this.inflight = p;
    return p;
  }

  private async syncOnce(): Promise<void> {
    const fd = this.open();
    // No WAL file yet: nothing has been committed that a sync could make more durable.
    if (fd === null) return;
    this.syncs++;
    await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  private open(): number | null {
    if (this.fd !== null) {
      // SQLite deletes the WAL when the last connection closes; a new one is a new file.
      if (fs.fstatSync(this.fd).nlink > 0) return this.fd;
      fs.closeSync(this.fd);
      this.fd = null;
    }
    try {
      this.fd = fs.openSync(this.walPath, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return this.fd;
  }
}
