// request_id (= transmission_id): a random unsigned 64-bit integer written in decimal (spec sending.md §2.8 REC).
// Random rather than sequential so ids leak neither volume nor order across teams. Drawn from [10^18, 2^64) so
// every id has 19–20 digits like the contract's samples and sorts the same as text within one length.
import { randomBytes } from 'node:crypto';

const MIN = 10n ** 18n;
const SPAN = 2n ** 64n - MIN;

/** `bytes` is injectable for tests; production uses the CSPRNG. */
export function newRequestId(bytes: () => Buffer = () => randomBytes(8)): string {
  // Rejection sampling keeps the draw uniform over the span (a plain modulo would favour small values).
  const limit = 2n ** 64n - (2n ** 64n % SPAN);
  for (;;) {
    const value = bytes().readBigUInt64BE(0);
    if (value < limit) return (MIN + (value % SPAN)).toString();
  }
}

/** A path parameter that can be a request id: decimal digits of a uint64. Anything else cannot match a row. */
export function isRequestId(value: string): boolean {
  return /^[0-9]{1,20}$/.test(value) && BigInt(value) < 2n ** 64n;
}
