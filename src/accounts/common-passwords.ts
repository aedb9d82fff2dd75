// The bundled list of common passwords (spec §3.1 policy, NIST SP 800-63B §5.1.1.2 "values known to be commonly
// used"): zxcvbn-ts's common-password dictionary, the most frequent passwords of public breach corpora, shipped in
// the npm package (no download at run time). Compared case-insensitively.
// Loaded on first use (a password being set), not at startup: the package decompresses ~49,000 entries on import.
import { createRequire } from 'node:module';

let common: Set<string> | undefined;

function load(): Set<string> {
  const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: Record<'passwords-common', string[]> };
  return new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
}

export function isCommonPassword(password: string): boolean {
  common ??= load();
  return common.has(password.toLowerCase());
}
