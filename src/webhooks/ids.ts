// Public ids: random, so they reveal neither counts nor order. 80 bits in lowercase base32 (16 characters).
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const newWebhookId = () => `webhook-${base32(randomBytes(10))}`;
export const newDeliveryId = () => `delivery-${base32(randomBytes(10))}`;
