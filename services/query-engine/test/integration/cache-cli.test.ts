import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import pg from 'pg';
import { listCacheEntries, removeCacheEntry, shrinkCache } from '../../../../packages/client/src/cli/cache.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { loadDataset } from '../support/dataset.js';
import { spatialAggregateSpec, submit, testEngine, testQueue, waitForState } from '../support/engine.js';

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

/** What `flowdeck cache ...` runs, on a connection as the engine login (FLOWDB_URL). */
async function withCli<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: roleUrl(db.name, 'flowmachine') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('flowdeck cache ls|rm|shrink', () => {
  it('lists entries, removes one as eviction does, and shrinks to the bound', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last'));
    await waitForState(db.knex, id, ['completed']);
    const listed = await withCli(listCacheEntries);
    expect(listed).toHaveLength(3);
    expect(listed.map((e) => e.queryId)).toContain(id);
    expect(listed.every((e) => e.sizeBytes > 0 && e.state === 'completed' && e.lastAccessed instanceof Date)).toBe(true);
    const scores = listed.map((e) => e.score ?? -Infinity);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);

    await withCli((c) => removeCacheEntry(c, id));
    expect((await db.knex('cache.queries').where({ query_id: id }).first()).state).toBe('known');
    expect(await db.knex('cache.cached').where({ query_id: id }).first()).toBeUndefined();
    expect((await db.knex.raw('SELECT to_regclass(?) AS t', [`cache.x${id}`])).rows[0].t).toBeNull();
    const events = (await db.knex('cache.query_state_history').where({ query_id: id }).orderBy('id')).map((h: { event: string }) => h.event);
    expect(events.slice(-2)).toEqual(['reset', 'finish_resetting']);
    await expect(withCli((c) => removeCacheEntry(c, id))).rejects.toThrow(/no completed cache entry/);

    await db.knex('cache.cache_config').where({ key: 'cache_protected_period' }).update({ value: '0' });
    await db.knex('cache.cache_config').where({ key: 'cache_size' }).update({ value: '1' });
    const shrunk = await withCli(shrinkCache);
    expect(shrunk.evicted).toHaveLength(2);
    expect(shrunk.usedBytes).toBe(0);
    expect(await db.knex('cache.cached').count({ n: '*' })).toEqual([{ n: '0' }]);
    expect((await db.knex('cache.cache_usage').first()).used_bytes).toBe('0');
  }, 60_000);
});
