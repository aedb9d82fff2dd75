// A small private filesystem for storage faults: a tmpfs mounted on a temporary directory, which can be grown,
// shrunk or made read-only, and unmounted at the end. Needs CAP_SYS_ADMIN (root); `mountTmpfs` says why not otherwise.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Tmpfs {
  dir: string;
  remount(options: string): Promise<void>;
  unmount(): Promise<void>;
}

export async function mountTmpfs(sizeMb: number): Promise<Tmpfs | { unavailable: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-fault-fs-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir]);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { unavailable: `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})` };
  }
  return {
    dir,
    remount: async (options) => void (await run('mount', ['-o', `remount,${options}`, dir])),
    unmount: async () => {
      await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
