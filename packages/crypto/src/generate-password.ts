import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random password of `[A-Za-z0-9]` (unbiased), 16 characters by default. */
export function generatePassword(length = 16): string {
  if (!Number.isInteger(length) || length < 1 || length > 4096) throw new TypeError('length must be an integer from 1 to 4096.');
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
