import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';

/** TOTP per RFC 6238 as auth.md §10 fixes it: HMAC-SHA1, 6 digits, 30-second steps from the epoch. */
export const TOTP_STEP_SECONDS = 30;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 20 random bytes as base32 without padding (32 characters). */
export function generateTotpSecret(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** `otpauth://totp/<issuer>:<username>?secret=<base32>&issuer=<issuer>`. */
export function provisioningUrl(opts: { issuer: string; username: string; secret: string }): string {
  const issuer = encodeURIComponent(opts.issuer);
  return `otpauth://totp/${issuer}:${encodeURIComponent(opts.username)}?secret=${opts.secret}&issuer=${issuer}`;
}

/** The time step a code matches within ±window of `now`, or undefined. */
export function matchTotpStep(opts: { secret: string; code: unknown; now: Date; window: number }): number | undefined {
  if (typeof opts.code !== 'string' || !/^\d{6}$/.test(opts.code)) return undefined;
  const epoch = opts.now.getTime();
  const checker = authenticator.clone({ epoch, window: opts.window, step: TOTP_STEP_SECONDS, digits: 6 });
  const delta = checker.checkDelta(opts.code, opts.secret);
  if (delta === null) return undefined;
  return Math.floor(epoch / 1000 / TOTP_STEP_SECONDS) + delta;
}

/** The current code (for tests and tooling). */
export function totpCode(secret: string, now: Date): string {
  return authenticator.clone({ epoch: now.getTime(), step: TOTP_STEP_SECONDS, digits: 6 }).generate(secret);
}
