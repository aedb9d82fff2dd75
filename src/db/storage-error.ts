// A database that cannot be opened or written at start is an operator's problem to fix, not a bug: one clear sentence
// naming the file and the likely cause, printed without a stack trace (the CLI treats StorageError as expected).
import fs from 'node:fs';
import path from 'node:path';

export class StorageError extends Error {}

/** Why SQLite could not open or prepare `file`: the cause we can see on the filesystem, else SQLite's own words. */
export function sqliteOpenFailure(file: string, err: unknown): StorageError {
  const code = (err as { code?: string } | null)?.code ?? '';
  const detail = (err as Error | null)?.message ?? String(err);
  const dir = path.dirname(file);
  let cause: string;
  if (code === 'SQLITE_READONLY' && !writable(dir)) cause = `its filesystem is read-only (${dir}); Lettr needs to write it`;
  else if (!writable(dir)) cause = `its directory ${dir} is not writable (read-only filesystem or permissions); SQLite needs to create the -wal and -shm files beside it`;
  else if (fs.existsSync(file) && !writable(file)) cause = 'the file is read-only; Lettr needs to write it';
  else if (code === 'SQLITE_FULL') cause = 'the disk is full';
  else if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') cause = 'the file is not a healthy SQLite database (restore it from a backup)';
  else cause = detail;
  return new StorageError(`cannot open the SQLite database ${file}: ${cause} (${code || 'error'}: ${detail})`);
}

function writable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
