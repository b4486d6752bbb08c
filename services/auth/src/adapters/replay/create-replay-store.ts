import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { DatabaseReplayStore } from './database-replay-store.js';
import { FileReplayStore } from './file-replay-store.js';
import { MemoryReplayStore } from './memory-replay-store.js';
import { RedisReplayStore } from './redis-replay-store.js';
import type { ReplayStore } from './replay-store.js';

export interface ReplayStoreOptions {
  backend: 'memory' | 'file' | 'redis' | 'database';
  file: string;
  redis: { host?: string; port: number; db: number; password: string };
  db: Knex;
  now: () => Date;
}

/** The backend FLOWAUTH_CACHE_BACKEND names. Opens the Redis connection lazily (on first command). */
export function createReplayStore(o: ReplayStoreOptions): ReplayStore {
  switch (o.backend) {
    case 'memory':
      return new MemoryReplayStore(o.now);
    case 'file':
      return new FileReplayStore(o.file, o.now);
    case 'database':
      return new DatabaseReplayStore(o.db, o.now);
    case 'redis': {
      if (o.redis.host === undefined) throw new TypeError('FLOWAUTH_REDIS_HOST is required with FLOWAUTH_CACHE_BACKEND=redis.');
      const redis = new Redis({
        host: o.redis.host,
        port: o.redis.port,
        db: o.redis.db,
        password: o.redis.password === '' ? undefined : o.redis.password,
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: true,
      });
      return new RedisReplayStore(redis);
    }
  }
}
