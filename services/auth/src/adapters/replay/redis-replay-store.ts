import { readFileSync } from 'node:fs';
import { DependencyUnavailable } from '@flowdeck/db';
import type { Redis } from 'ioredis';
import type { CounterState, ReplayStore } from './replay-store.js';

const script = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

type RedisWithCommands = Redis & {
  flowauthAdvanceStep(key: string, step: number, ttl: number): Promise<number>;
  flowauthIncrementCounter(key: string, windowSeconds: number): Promise<[number, number]>;
};

/**
 * Several hosts (auth.md §10 `redis`): atomic Lua scripts on FLOWAUTH_REDIS_*. The connection is given, and
 * closed by `close()` (the store owns it).
 */
export class RedisReplayStore implements ReplayStore {
  readonly backend = 'redis' as const;
  private readonly redis: RedisWithCommands;
  private closing: Promise<void> | undefined;

  constructor(redis: Redis) {
    redis.defineCommand('flowauthAdvanceStep', { numberOfKeys: 1, lua: script('advance-step-1.lua') });
    redis.defineCommand('flowauthIncrementCounter', { numberOfKeys: 1, lua: script('increment-counter-1.lua') });
    this.redis = redis as RedisWithCommands;
  }

  async advanceStep(key: string, step: number, ttlSeconds: number): Promise<boolean> {
    return (await this.call(() => this.redis.flowauthAdvanceStep(key, step, ttlSeconds))) === 1;
  }
  async increment(key: string, windowSeconds: number): Promise<CounterState> {
    const [count, ttlMs] = await this.call(() => this.redis.flowauthIncrementCounter(key, windowSeconds));
    return { count: Number(count), retryAfterSeconds: Math.ceil(Number(ttlMs) / 1000) };
  }
  async peek(key: string): Promise<CounterState> {
    const [value, ttlMs] = await this.call(() => Promise.all([this.redis.get(key), this.redis.pttl(key)]));
    if (value === null || ttlMs < 0) return { count: 0, retryAfterSeconds: 0 };
    return { count: Number(value), retryAfterSeconds: Math.ceil(ttlMs / 1000) };
  }
  async reset(key: string): Promise<void> {
    await this.call(() => this.redis.del(key));
  }
  async check(): Promise<void> {
    await this.call(() => this.redis.ping());
  }
  close(): Promise<void> {
    this.closing ??= this.redis.quit().then(
      () => undefined,
      () => this.redis.disconnect(),
    );
    return this.closing;
  }

  private async call<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      throw new DependencyUnavailable('replay_store', { cause: err });
    }
  }
}
