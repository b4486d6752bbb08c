import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
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
}, 60_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
});

/** The api's streaming lock key of an id (flowdb.md §8.2). */
function lockKey(id: string): string {
  return BigInt.asIntN(64, BigInt(`0x${id.slice(0, 16)}`)).toString();
}

async function tableExists(id: string): Promise<boolean> {
  return (await db.knex.raw('SELECT to_regclass(?) AS t', [`cache.x${id}`])).rows[0].t !== null;
}

describe('cache size bound at write time', () => {
  it('evicts the lowest-score unprotected entries, skipping results being streamed', async () => {
    await db.knex('cache.cache_config').where({ key: 'cache_size' }).update({ value: '1' });
    await db.knex('cache.cache_config').where({ key: 'cache_protected_period' }).update({ value: '0' });

    const first = await submit(apiDb, queue, spatialAggregateSpec('last'));
    await waitForState(db.knex, first, ['completed']);
    const firstGraph = (await db.knex('cache.cached').select('query_id')).map((r: { query_id: string }) => r.query_id);
    expect(firstGraph).toHaveLength(3);

    // The api streams the first result: it holds the shared lock, so that entry must survive.
    const streaming = await db.knex.transaction();
    await streaming.raw('SELECT pg_advisory_xact_lock_shared(CAST(? AS bigint))', [lockKey(first)]);
    try {
      const second = await submit(apiDb, queue, spatialAggregateSpec('most-common'));
      await waitForState(db.knex, second, ['completed']);
      expect(await tableExists(second)).toBe(true);
      for (const id of firstGraph) {
        if (id === first) {
          expect(await tableExists(id)).toBe(true);
        } else {
          expect(await tableExists(id)).toBe(false);
          expect(await db.knex('cache.cached').where({ query_id: id }).first()).toBeUndefined();
          expect((await db.knex('cache.queries').where({ query_id: id }).first()).state).toBe('known');
        }
      }
      const history = (await db.knex('cache.query_state_history').where({ query_id: firstGraph.find((i) => i !== first) }).orderBy('id')).map(
        (h: { event: string }) => h.event,
      );
      expect(history.slice(-2)).toEqual(['reset', 'finish_resetting']);
      const evictions = (await engine.metrics.cacheEvictions.get()).values.find((v) => v.labels['reason'] === 'size')?.value;
      expect(evictions).toBe(2);
    } finally {
      await streaming.rollback();
    }
  });
});
