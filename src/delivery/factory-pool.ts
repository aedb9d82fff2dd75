// Build threads for the delivery runtime: composing and DKIM-signing a message (RSA signing, key import, MIME
// encoding) was half of a worker process's CPU in the bench profile, all of it on the event loop that also claims
// jobs, talks SMTP and answers the API. A few threads take that work to the machine's other cores.
// One pool per process, started on first use; an idle thread never keeps the process alive, and one that dies is
// replaced. LETTR_BUILD_THREADS=0 builds inline on the event loop.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { produceMessage, type FactoryInput, type FactoryResult, type Produced } from './factory.js';

interface Pending { resolve: (r: Produced) => void; reject: (err: Error) => void }
interface Thread { worker: Worker; pending: Map<number, Pending> }

/** `auto`: one thread per core beyond the first (the event loop keeps one), at most 4. */
export function defaultBuildThreads(cores: number): number {
  return Math.max(0, Math.min(4, cores - 1));
}

// Built, the worker is JavaScript beside this file. Under tsx (tests, `--source` benches) it is TypeScript, and a worker
// thread does not inherit tsx's loader: a small bootstrap registers it first.
const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './factory-worker.ts' : './factory-worker.js', import.meta.url);
const newWorker = (): Worker => (fromSource
  ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`, { eval: true })
  : new Worker(workerUrl));

export class FactoryPool {
  private threads: Thread[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  produce(input: FactoryInput): Promise<Produced> {
    if (this.size === 0) return produceMessage(input);
    const thread = this.leastBusy();
    const id = this.nextId++;
    return new Promise<Produced>((resolve, reject) => {
      // Held while it owes an answer; idle, it never keeps the process alive.
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private leastBusy(): Thread {
    while (this.threads.length < this.size) this.threads.push(this.spawn());
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Thread {
    const worker = newWorker();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (msg: { id: number; result: FactoryResult }) => {
      const p = thread.pending.get(msg.id);
      if (!p) return;
      thread.pending.delete(msg.id);
      if (thread.pending.size === 0) worker.unref();
      const r = msg.result;
      p.resolve(r.ok ? { ok: true, raw: Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength) } : r);
    });
    const fail = (err: Error) => {
      // The thread is gone: its messages are rejected (their jobs retry at the job boundary) and a new one takes over.
      this.threads = this.threads.filter((t) => t !== thread);
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`build thread exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the thread again.
    worker.unref();
    return thread;
  }
}

const pools = new Map<number, FactoryPool>();

/** The process's pool for LETTR_BUILD_THREADS (or auto): every runtime in the process shares it. */
export function factoryPool(threads: number | 'auto'): FactoryPool {
  const size = threads === 'auto' ? defaultBuildThreads(os.availableParallelism()) : threads;
  let pool = pools.get(size);
  if (!pool) pools.set(size, (pool = new FactoryPool(size)));
  return pool;
}
