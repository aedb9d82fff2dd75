// Template threads: every template compile and render of the server runs here, never on an event loop that also
// answers requests and renews job leases. A thread takes one task at a time, so the task's time is its own; a task
// still running at its budget (plus a short grace for the thread's own checks) has its thread stopped, and a thread
// that runs out of its heap limit dies alone. Either way the task's answer is a failure naming the bound and a fresh
// thread takes over. One pool per process, started on first use; idle threads never keep the process alive.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { overBudget, overMemory, type MergeTagsAnswer, type MergeTagsTask, type RenderAnswer, type RenderTask, type TemplateAnswer, type TemplateTask } from './work.js';

export interface TemplateWork {
  render(task: RenderTask): Promise<RenderAnswer>;
  mergeTags(task: MergeTagsTask): Promise<MergeTagsAnswer>;
}

interface Job { id: number; task: TemplateTask; resolve: (a: TemplateAnswer) => void; reject: (err: Error) => void; timer?: NodeJS.Timeout }
interface Slot { worker: Worker; ready: boolean; job: Job | null }

/** `auto`: one thread per core, at least 2 (one hostile message never queues everyone else's), at most 4. */
export function defaultTemplateThreads(cores: number): number {
  return Math.max(2, Math.min(4, cores));
}

/** The hard stop: the thread checks the budget itself every few steps; this catches anything between checks. */
export function hardStopMs(budgetMs: number): number {
  return budgetMs + Math.max(100, Math.round(budgetMs / 4));
}

const fromSource = import.meta.url.endsWith('.ts');
const threadUrl = new URL(fromSource ? './thread.ts' : './thread.js', import.meta.url);

export class TemplatePool implements TemplateWork {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly size: number, private readonly memoryMb: number) {}

  render(task: RenderTask): Promise<RenderAnswer> { return this.run(task) as Promise<RenderAnswer>; }
  mergeTags(task: MergeTagsTask): Promise<MergeTagsAnswer> { return this.run(task) as Promise<MergeTagsAnswer>; }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private run(task: TemplateTask): Promise<TemplateAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      if (this.queue.length === 0) return;
      const slot = this.slots.find((s) => s.ready && s.job === null);
      if (!slot) {
        if (this.slots.length < this.size) this.spawn();
        return;
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private assign(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    // Counted from the hand-over, not from queueing: the budget is the message's own time on a thread.
    job.timer = setTimeout(() => this.stop(slot, { ok: false, reason: overBudget(job.task.budgetMs) }), hardStopMs(job.task.budgetMs));
    slot.worker.postMessage({ id: job.id, task: job.task });
  }

  /** Ends the slot's job with `answer` and replaces the thread (its heap may hold the runaway task's garbage). */
  private stop(slot: Slot, answer: TemplateAnswer): void {
    const job = slot.job;
    slot.job = null;
    if (job) { clearTimeout(job.timer); job.resolve(answer); }
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
    this.pump();
  }

  private spawn(): void {
    const worker = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(threadUrl.href)}); });`,
        { eval: true, resourceLimits: this.limits() })
      : new Worker(threadUrl, { resourceLimits: this.limits() });
    const slot: Slot = { worker, ready: false, job: null };
    this.slots.push(slot);
    worker.on('message', (msg: { ready: true } | { id: number; answer: TemplateAnswer }) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.pump();
        if (slot.job === null) worker.unref();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      job.resolve(msg.answer);
      this.pump();
      if (slot.job === null) worker.unref();
    });
    const died = (err: Error & { code?: string }): void => {
      if (!this.slots.includes(slot)) return;
      if (slot.job) return this.stop(slot, { ok: false, reason: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? overMemory(this.memoryMb) : `template thread failed: ${err.message}` });
      this.slots = this.slots.filter((s) => s !== slot);
      // A thread that cannot even start would be replaced forever: fail what waits instead (a bug, not input).
      if (!slot.ready) for (const job of this.queue.splice(0)) job.reject(err);
      else this.pump();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`template thread exited with code ${code}`)));
    // Spawned for waiting work, it stays referenced until it is ready and idle.
  }

  private limits() {
    return { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(8, this.memoryMb / 8)), stackSizeMb: 4 };
  }
}

const pools = new Map<string, TemplatePool>();

/** The process's pool for LETTR_TEMPLATE_THREADS and LETTR_TEMPLATE_MEMORY_MB: every user in the process shares it. */
export function templatePool(o: { threads: number | 'auto'; memoryMb: number }): TemplatePool {
  const size = o.threads === 'auto' ? defaultTemplateThreads(os.availableParallelism()) : o.threads;
  const key = `${size}:${o.memoryMb}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new TemplatePool(size, o.memoryMb)));
  return pool;
}
