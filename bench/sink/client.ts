// The parent's handle on the sink process: start it, reset its counters between phases, wait until it has received
// a number of messages, read its counters.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

export interface SinkStats {
  messages: number;
  bytes: number;
  firstAt: number | null;
  lastAt: number | null;
  latencies: number[];
  unique: number;
  duplicates: number;
  connections: number;
  seqs: number[];
}

export interface Sink {
  port: number;
  pid: number;
  reset(): Promise<void>;
  /** Resolves with the time the count-th message arrived (counted since the last reset). */
  waitFor(count: number, timeoutMs: number): Promise<number>;
  stats(): Promise<SinkStats>;
  /** Writes the first message received since the last reset to `file`; false when there was none. */
  sample(file: string): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type: string, timeoutMs = 30_000) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', on);
        reject(new Error(`sink: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (m: any) => {
        if (m?.type !== type) return;
        clearTimeout(timer);
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const ready = await next('ready');
  return {
    port: ready.port,
    pid: child.pid!,
    async reset() {
      const done = next('reset');
      child.send({ cmd: 'reset' });
      await done;
    },
    async waitFor(count, timeoutMs) {
      const reached = next('reached', timeoutMs);
      child.send({ cmd: 'expect', count });
      return (await reached).at;
    },
    async stats() {
      const s = next('stats');
      child.send({ cmd: 'stats' });
      return s;
    },
    async sample(file) {
      const s = next('sampled');
      child.send({ cmd: 'sample', path: file });
      return (await s).ok;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
