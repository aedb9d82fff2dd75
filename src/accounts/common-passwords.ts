// The bundled list of common passwords (spec §3.1 policy, NIST SP 800-63B §5.1.1.2 "values known to be commonly
// used"): zxcvbn-ts's common-password dictionary, the most frequent passwords of public breach corpora, shipped in
// the npm package (no download at run time). Compared case-insensitively.
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}
