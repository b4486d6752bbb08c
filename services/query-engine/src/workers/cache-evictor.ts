import type { Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { IntervalTask } from '@flowdeck/schedule';
import type { CacheStore } from '../adapters/postgres/cache-store.js';
import type { QueryStateStore } from '../adapters/postgres/query-state-store.js';
import type { EngineMetrics } from '../metrics.js';

export interface CacheEvictorOptions {
  db: Knex;
  cache: CacheStore;
  states: QueryStateStore;
  metrics: EngineMetrics;
  log: Logger;
  now: () => Date;
  owner: string;
  /** Lease length for the short `resetting` phase of an eviction, seconds. */
  leaseSeconds: number;
  /** FLOWMACHINE_CACHE_PRUNING_FREQUENCY, seconds between background shrinker runs. */
  pruningFrequencySeconds: number;
  /** FLOWMACHINE_CACHE_PRUNING_TIMEOUT, seconds a shrinker run may take. */
  pruningTimeoutSeconds: number;
}

const BATCH = 50;

/**
 * Keeps the cache within CACHE_SIZE (flowdb.md §8.2). `evictWithin` runs inside the transaction that writes a node,
 * holding advisory lock `cache-evict`, before that node is marked completed; the background shrinker applies the
 * same rule every FLOWMACHINE_CACHE_PRUNING_FREQUENCY seconds. An eviction is `reset` → DROP TABLE → delete the
 * cache.cached row → `finish_resetting`; dependents keep their tables. `close()` stops the shrinker and waits for a
 * pass in flight; it is idempotent.
 */
export class CacheEvictor {
  private readonly shrinker: IntervalTask<number>;

  constructor(private readonly o: CacheEvictorOptions) {
    this.shrinker = new IntervalTask({
      intervalMs: o.pruningFrequencySeconds * 1000,
      runAtStart: false,
      run: () => this.shrinkPass(),
      onError: (err) => this.o.log.error({ err }, 'cache.shrink_failed'),
    });
  }

  /**
   * Evicts lowest-score entries until the cache fits its budget. `keep`: ids that must survive (the entry just written
   * and its graph). Returns the bytes in use afterwards; logs the overshoot when nothing evictable remains.
   */
  async evictWithin(trx: Knex.Transaction, keep: readonly string[], deadline?: number): Promise<number> {
    const { cache, states } = this.o;
    await cache.lockEviction(trx);
    const budget = await cache.budget(trx);
    let used = budget.usedBytes;
    const limit = budget.cacheSizeBytes;
    if (limit === undefined || used <= limit) {
      this.o.metrics.cacheSize.set(used);
      return used;
    }
    const now = this.o.now();
    const protectedBefore = new Date(now.getTime() - budget.protectedPeriodSeconds * 1000);
    const skipped = new Set<string>();
    while (used > limit && (deadline === undefined || Date.now() < deadline)) {
      const candidates = (
        await cache.evictionCandidates(trx, { keep: [...keep, ...skipped], protectedBefore, limit: BATCH })
      ).filter((c) => !skipped.has(c.queryId));
      if (candidates.length === 0) break;
      for (const c of candidates) {
        if (used <= limit) break;
        if (!(await cache.tryLockEntry(trx, c.lockKey))) {
          skipped.add(c.queryId); // being streamed by the api
          continue;
        }
        const won = await states.markResetting(trx, c.queryId, {
          from: 'completed',
          owner: this.o.owner,
          leaseExpiresAt: new Date(now.getTime() + this.o.leaseSeconds * 1000),
          now,
        });
        if (!won) {
          skipped.add(c.queryId);
          continue;
        }
        await cache.dropEntry(trx, c.queryId);
        await states.finishResetting(trx, c.queryId, now);
        used -= c.sizeBytes;
        this.o.metrics.cacheEvictions.inc({ reason: 'size' });
        this.o.log.info({ queryId: c.queryId, sizeBytes: c.sizeBytes }, 'cache.evicted');
      }
    }
    if (used > limit) this.o.log.warn({ usedBytes: used, cacheSizeBytes: limit }, 'cache.over_budget');
    this.o.metrics.cacheSize.set(used);
    return used;
  }

  start(): void {
    this.shrinker.start();
  }

  /**
   * One background pass, bounded by the pruning timeout (statement_timeout and a deadline between evictions):
   * under `cache-evict`, re-measures every table's size (the usage row follows by trigger), then evicts as at write
   * time. Resolves to the bytes in use afterwards, or undefined when the pass failed (logged).
   */
  shrink(): Promise<number | undefined> {
    return this.shrinker.runOnce();
  }

  close(): Promise<void> {
    return this.shrinker.close();
  }

  private shrinkPass(): Promise<number> {
    const timeoutMs = this.o.pruningTimeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    return this.o.db.transaction(async (trx) => {
      await trx.raw(`SELECT set_config('statement_timeout', ?, true)`, [String(timeoutMs)]);
      await this.o.cache.lockEviction(trx);
      const changed = await this.o.cache.remeasureSizes(trx);
      if (changed > 0) this.o.log.info({ changed }, 'cache.sizes_remeasured');
      return this.evictWithin(trx, [], deadline);
    });
  }
}
