import { DependencyUnavailable, isConnectionError } from '@flowdeck/db';
import type { Knex } from 'knex';
import { T } from '../postgres/tables.js';
import type { CounterState, ReplayStore } from './replay-store.js';

/** Rows of a raw statement: pg answers `{ rows }`, better-sqlite3 the row array itself. */
function rowsOf<R>(result: unknown): R[] {
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
}

/**
 * The auth DB as replay store (auth.md §10 `database`, **Flowdeck**): one row per key in flowauth.cache_entries,
 * each operation a single atomic statement (`INSERT ... ON CONFLICT ... RETURNING`, which Postgres and SQLite ≥ 3.35
 * both accept).
 */
export class DatabaseReplayStore implements ReplayStore {
  readonly backend = 'database' as const;
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  async advanceStep(key: string, step: number, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    const rows = await this.call(() =>
      this.db.raw(
        `INSERT INTO ${T.cache} AS c (key, value, expires_at) VALUES (:key, :step, :expiresAt)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE c.value < excluded.value OR c.expires_at <= :now
         RETURNING key`,
        { key, step, expiresAt: new Date(now.getTime() + ttlSeconds * 1000), now },
      ),
    );
    return rowsOf(rows).length === 1;
  }

  async increment(key: string, windowSeconds: number): Promise<CounterState> {
    const now = this.now();
    const result = await this.call(() =>
      this.db.raw(
        `INSERT INTO ${T.cache} AS c (key, value, expires_at) VALUES (:key, 1, :expiresAt)
         ON CONFLICT (key) DO UPDATE SET
           value = CASE WHEN c.expires_at <= :now THEN 1 ELSE c.value + 1 END,
           expires_at = CASE WHEN c.expires_at <= :now THEN excluded.expires_at ELSE c.expires_at END
         RETURNING value, expires_at`,
        { key, expiresAt: new Date(now.getTime() + windowSeconds * 1000), now },
      ),
    );
    const row = rowsOf<{ value: string | number; expires_at: Date | number }>(result)[0]!;
    return { count: Number(row.value), retryAfterSeconds: Math.ceil((new Date(row.expires_at).getTime() - now.getTime()) / 1000) };
  }

  async peek(key: string): Promise<CounterState> {
    const now = this.now();
    const row = (await this.call(() => this.db(T.cache).where({ key }).where('expires_at', '>', now).first())) as
      | { value: string; expires_at: Date }
      | undefined;
    if (!row) return { count: 0, retryAfterSeconds: 0 };
    return { count: Number(row.value), retryAfterSeconds: Math.ceil((new Date(row.expires_at).getTime() - now.getTime()) / 1000) };
  }

  async reset(key: string): Promise<void> {
    await this.call(() => this.db(T.cache).where({ key }).delete());
  }

  async check(): Promise<void> {
    await this.call(() => this.db(T.cache).where('expires_at', '<=', this.now()).delete());
  }

  /** The knex instance belongs to deps; nothing to release here. */
  async close(): Promise<void> {}

  private async call<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      if (isConnectionError(err)) throw new DependencyUnavailable('database', { cause: err });
      throw err;
    }
  }
}
