import crypto from 'node:crypto';

/**
 * A random unsigned 64-bit integer as a decimal string: the shape of Lettr's `request_id`, `transmission_id` and
 * `event_id` (the contract's samples are 18–20 digit decimals). 64 random bits make collisions negligible; the unique
 * index catches the rest.
 */
export function randomDecimalId(): string {
  return crypto.randomBytes(8).readBigUInt64BE().toString();
}
