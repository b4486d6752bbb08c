import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { loadDataset } from '../support/dataset.js';
import { dailyLocationSpec, submit, testEngine, testQueue, waitForState } from '../support/engine.js';

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDataset(db.knex);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  prefix = testRedisPrefix();
  queue = testQueue(prefix);
  engine = testEngine(db.name, prefix);
  startBackground(engine);
}, 120_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
}, 120_000);

function spec(method: 'last' | 'most-common', date: string, startHour: number): Record<string, unknown> {
  return {
    query_kind: 'spatial_aggregate',
    locations: { ...dailyLocationSpec(method, 'admin3', date), hours: { start_hour: startHour, end_hour: 23 } },
  };
}

/** The incrementally kept usage row, and the sum it must equal. */
async function usage(): Promise<{ kept: number; summed: number; entries: number; rows: number }> {
  const kept = (await db.knex('cache.cache_usage').first()) as { used_bytes: string; entries: string };
  const summed = (await db.knex('cache.cached').sum({ s: 'size_bytes' }).count({ n: '*' }).first()) as { s: string | null; n: string };
  return { kept: Number(kept.used_bytes), summed: Number(summed.s ?? 0), entries: Number(kept.entries), rows: Number(summed.n) };
}

describe('cache size bound', () => {
  it('fills the cache past CACHE_SIZE and never stays above the bound after a write', async () => {
    await db.knex('cache.cache_config').where({ key: 'cache_protected_period' }).update({ value: '0' });
    // First run unbounded, to learn the size of one query's graph; the bound then holds about one and a half.
    const first = await submit(apiDb, queue, spec('last', '2016-01-01', 0));
    await waitForState(db.knex, first, ['completed']);
    const one = await usage();
    expect(one.kept).toBe(one.summed);
    expect(one.kept).toBeGreaterThan(0);
    const bound = Math.floor(one.kept * 1.5);
    await db.knex('cache.cache_config').where({ key: 'cache_size' }).update({ value: String(bound) });

    let wrote = one.kept;
    let evictedBefore = 0;
    let i = 0;
    for (const method of ['most-common', 'last'] as const) {
      for (const date of ['2016-01-01', '2016-01-02']) {
        for (const startHour of [1, 2]) {
          const id = await submit(apiDb, queue, spec(method, date, startHour + i));
          i += 1;
          await waitForState(db.knex, id, ['completed']);
          const u = await usage();
          expect(u.kept).toBe(u.summed);
          expect(u.entries).toBe(u.rows);
          expect(u.kept).toBeLessThanOrEqual(bound);
          expect(await db.knex('cache.cached').where({ query_id: id }).first()).toBeDefined();
          wrote += u.kept;
          const evicted = (await engine.metrics.cacheEvictions.get()).values.find((v) => v.labels['reason'] === 'size')?.value ?? 0;
          expect(evicted).toBeGreaterThanOrEqual(evictedBefore);
          evictedBefore = evicted;
        }
      }
    }
    // The cache was filled well past the bound overall, and evictions made room.
    expect(wrote).toBeGreaterThan(2 * bound);
    expect(evictedBefore).toBeGreaterThan(0);
    expect((await engine.metrics.cacheSize.get()).values[0]?.value).toBeLessThanOrEqual(bound);
  }, 120_000);

  it('the background shrinker re-measures sizes and applies a lowered bound now', async () => {
    const before = await usage();
    expect(before.rows).toBeGreaterThan(1);
    // A stale recorded size: the shrinker's re-measurement corrects it and the usage row follows.
    const victim = (await db.knex('cache.cached').orderBy('query_id').first('query_id', 'size_bytes')) as { query_id: string; size_bytes: string };
    await db.knex('cache.cached').where({ query_id: victim.query_id }).update({ size_bytes: 1 });
    await db.knex('cache.cache_config').where({ key: 'cache_size' }).update({ value: String(before.kept * 10) });
    expect(await engine.evictor.shrink()).toBe(before.kept);
    expect(Number((await db.knex('cache.cached').where({ query_id: victim.query_id }).first()).size_bytes)).toBe(Number(victim.size_bytes));
    expect(await usage()).toEqual(before);

    // Lower the bound below the usage: one pass brings it within, lowest score first.
    const largest = Number((await db.knex('cache.cached').max({ m: 'size_bytes' }).first())?.m);
    const bound = Math.max(largest, Math.floor(before.kept / 3));
    await db.knex('cache.cache_config').where({ key: 'cache_size' }).update({ value: String(bound) });
    const used = await engine.evictor.shrink();
    const after = await usage();
    expect(after.kept).toBe(after.summed);
    expect(used).toBe(after.kept);
    expect(after.kept).toBeLessThanOrEqual(bound);
    expect(after.rows).toBeLessThan(before.rows);
  }, 60_000);
});
