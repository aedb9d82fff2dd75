// Argument parsing and output for the `lettr` command: `--json` prints exactly one JSON object on stdout.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface Io {
  json: boolean;
  out(obj: Record<string, unknown>, human: string): void;
}

export type Flags = Record<string, string | boolean | undefined>;

export function parseFlags(argv: string[], spec: Record<string, 'string' | 'boolean'>): { flags: Flags; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' } };
  for (const [name, type] of Object.entries(spec)) options[name] = { type };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { flags: values as Flags, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function makeIo(json: boolean, write: (s: string) => void = (s) => process.stdout.write(s)): Io {
  return {
    json,
    out(obj, human) {
      write(json ? JSON.stringify(obj) + '\n' : human.endsWith('\n') ? human : human + '\n');
    },
  };
}

export function requireString(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function requireId(flags: Flags, name: string): number {
  const v = requireString(flags, name);
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a numeric id`);
  return Number(v);
}
