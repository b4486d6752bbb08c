import { createHash } from 'node:crypto';

/**
 * Every Redis key of the gateway, under `<REDIS_KEY_PREFIX>:gateway:` (STYLE.md §3). Subjects are hashed: they are
 * client-chosen (unverified JWT `sub`), so their length and characters must not reach the key space.
 */
export function gatewayKeys(prefix: string): {
  subjectRate(subject: string, windowIndex: number): string;
  addressRate(address: string, windowIndex: number): string;
} {
  const base = `${prefix}:gateway`;
  return {
    subjectRate: (subject, windowIndex) =>
      `${base}:rate:sub:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}:${windowIndex}`,
    addressRate: (address, windowIndex) => `${base}:rate:addr:${address}:${windowIndex}`,
  };
}
