import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A unique Redis key prefix for one test file (STYLE.md §7): `test:<random>`. */
export function testRedisPrefix(): string {
  return `test:${randomBytes(6).toString('hex')}`;
}

/** Connection options for the local test Redis. */
export const testRedisOptions = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null } as const;

/** Deletes every key under a prefix (never FLUSHALL: other files run in parallel). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisOptions);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
