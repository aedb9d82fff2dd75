// Starts one Lettr process for a bench phase: the compiled build (dist/, what users run) with a fresh data directory
// and a fresh database, logging to a file so nothing in the bench process has to read its output. Reports where it
// listens, the bootstrap API key it printed once, and its peak resident memory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LettrOptions {
  db: 'sqlite' | 'postgres';
  postgresUrl: string;
  /** Extra LETTR_* settings (delivery mode, relay URL, DNS servers, …). */
  env: Record<string, string>;
  source: boolean;
  cpuProfDir: string | null;
}

export interface RunningLettr {
  url: string;
  key: string;
  pid: number;
  dataDir: string;
  databaseUrl: string;
  logFile: string;
  /** VmHWM: the most resident memory the process has had, in MB. */
  peakRssMb(): number | null;
  /** Bytes the database takes now (SQLite files incl. WAL, or pg_database_size). */
  databaseBytes(): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startLettr(o: LettrOptions): Promise<RunningLettr> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-bench-'));
  const database = o.db === 'sqlite' ? sqliteDatabase(dataDir) : await postgresDatabase(o.postgresUrl);
  const logFile = path.join(dataDir, 'lettr.log');
  // Our own free port, so readiness does not depend on the log level (the "started" line is info).
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  const entry = o.source ? ['--import', 'tsx', path.join(REPO, 'src/cli/run.ts')] : [path.join(REPO, 'dist/cli/run.js')];
  const prof = o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...prof, ...entry, 'start'], {
    cwd: REPO,
    stdio: ['ignore', out, out],
    env: {
      ...withoutLettrVariables(process.env),
      LETTR_DATA_DIR: dataDir,
      LETTR_DATABASE_URL: database.url,
      LETTR_PORT: String(port),
      LETTR_MAILBOX_SMTP_PORT: '0',
      LETTR_RATE_LIMIT: '0',
      ...o.env,
    },
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    // The bootstrap banner (printed before the server listens) carries the key; then wait for /api/health.
    const log = await waitForLog(logFile, /^\s+lttr_[0-9A-Za-z]{64}$/m, child, 60_000);
    const key = log.match(/^\s+(lttr_[0-9A-Za-z]{64})$/m)![1]!;
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, 60_000);
    return {
      url, key, pid: child.pid!, dataDir, databaseUrl: database.url, logFile,
      peakRssMb: () => peakRssMb(child.pid!),
      databaseBytes: database.bytes,
      async stop(signal = 'SIGTERM') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
        await database.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    await database.drop();
    throw err;
  }
}

function withoutLettrVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !k.startsWith('LETTR_') && k !== 'NODE_ENV') out[k] = v;
  return out;
}

async function waitForLog(file: string, re: RegExp, child: ChildProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (re.test(text)) return text;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Lettr exited before it was ready:\n${text.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`Lettr not ready after ${timeoutMs} ms:\n${text.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('Lettr exited before it answered /api/health');
    if (Date.now() > deadline) throw new Error(`Lettr did not answer ${url}/api/health within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export function peakRssMb(pid: number): number | null {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface BenchDatabase {
  url: string;
  bytes(): Promise<number>;
  drop(): Promise<void>;
}

function sqliteDatabase(dataDir: string): BenchDatabase {
  const file = path.join(dataDir, 'lettr.db');
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return { url: `sqlite:${file}`, bytes: async () => size(file) + size(`${file}-wal`), drop: async () => {} };
}

async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `lettr_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    bytes: () => admin(async (c) => Number((await c.query('SELECT pg_database_size($1) AS n', [name])).rows[0].n)),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
