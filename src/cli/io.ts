// Parsed arguments and output for the `lettr` command (commander parses, main.ts): `--json` prints exactly one JSON
// object on stdout.

export class UsageError extends Error {}

export interface Io {
  json: boolean;
  out(obj: Record<string, unknown>, human: string): void;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

/** What a handler gets: flags by their long name (`allow-ip`), positional arguments in order. */
export interface Parsed {
  flags: Flags;
  positionals: string[];
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
