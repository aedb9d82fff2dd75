// A real `lettr start` child process for fault scenarios: started on a given database and data directory, killable
// with any signal, restartable on the same data, with its resident memory readable from /proc.
import fs from 'node:fs';
import { startLettr, type RunningLettr } from '../../helpers/spawn.js';

export interface FaultServer {
  url: string;
  /** The Full Access key printed by the first start (kept across restarts). */
  key: string;
  pid: number;
  proc: RunningLettr;
  /** Current resident memory in MB (VmRSS). */
  rssMb(): number;
  alive(): boolean;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** Send a signal without waiting (SIGKILL for crash scenarios); resolves when the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  /** From an earlier start on the same data: the bootstrap key is not printed again. */
  key?: string;
}

export async function startServer(o: ServerOptions): Promise<FaultServer> {
  const proc = startLettr(['start'], {
    LETTR_DATABASE_URL: o.databaseUrl,
    LETTR_DATA_DIR: o.dataDir,
    LETTR_PORT: '0',
    LETTR_MAILBOX_SMTP_PORT: '0',
    LETTR_RATE_LIMIT: '0',
    ...o.env,
  });
  const [, url] = await proc.waitFor(/"url":"(http:\/\/[^"]+)"/, 60_000).catch(async (err) => {
    proc.child.kill('SIGKILL');
    throw err;
  });
  const key = o.key ?? proc.output().match(/^\s+(lttr_[0-9A-Za-z]{64})$/m)?.[1];
  if (!key) {
    proc.child.kill('SIGKILL');
    throw new Error(`no bootstrap key printed; output:\n${proc.output().slice(-2000)}`);
  }
  const pid = proc.child.pid!;
  const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;
  return {
    url: url!, key, pid, proc, alive,
    rssMb: () => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)![1]) / 1024,
    stop: async () => {
      if (alive()) proc.child.kill('SIGTERM');
      return proc.exited;
    },
    kill: async (signal) => {
      if (alive()) proc.child.kill(signal);
      await proc.exited;
    },
  };
}
