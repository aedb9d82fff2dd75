// Run the real `lettr` CLI as a child process (from source through tsx), for CLI, lifecycle and crash tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// `npm test` compiles the tree once into LETTR_TEST_BUILD_DIR (scripts/test.mjs); children run that JavaScript. A test
// file run on its own (no build) goes through tsx from source.
const BUILT = process.env.LETTR_TEST_BUILD_DIR ? path.join(process.env.LETTR_TEST_BUILD_DIR, 'src/cli/run.js') : null;
export const ENTRY = BUILT && fs.existsSync(BUILT) ? [BUILT] : ['--import', 'tsx', path.join(REPO, 'src/cli/run.ts')];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

/** Runs `lettr ARGS` to completion. `json` is stdout parsed when it is one JSON object. */
export function runLettr(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: REPO, env: { ...cleanEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

export interface RunningLettr {
  child: ChildProcess;
  /** Everything the process printed so far (stdout + stderr, in arrival order). */
  output(): string;
  /** Resolves with the first match of `re` in the output (waiting up to `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function startLettr(args: string[], env: Record<string, string>): RunningLettr {
  const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: REPO, env: { ...cleanEnv(), ...env } });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return {
    child,
    output: () => out,
    exited,
    waitFor(re, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(re);
          if (m) {
            cleanup();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${re}; output so far:\n${out.slice(-3000)}`));
        }, ms);
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`process exited while waiting for ${re}; output:\n${out.slice(-3000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
        };
        waiters.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}

/** The parent's environment without LETTR_* settings, so a developer's shell cannot leak into a test. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('LETTR_') && k !== 'NODE_ENV') env[k] = v;
  return env;
}
