import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { nextCleanupAt } from '../../src/workers/cleanup-job.js';
import { loadDataset } from '../support/dataset.js';
import { dailyLocationSpec, eventually, submit, testEngine, testQueue, waitForState } from '../support/engine.js';

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
  // Keepalive and janitor every 60 s: only the LISTEN path can make cancellation prompt here.
  engine = testEngine(db.name, prefix, { WORKER_KEEPALIVE_INTERVAL: '60', WORKER_KEEPALIVE_TIMEOUT: '300', HISTORY_TIMEOUT: '1' });
  startBackground(engine);
}, 120_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
}, 120_000);

describe('prompt cancellation (LISTEN flowdeck_query_state)', () => {
  it('cancels a running statement within seconds, well before the next keepalive tick', async () => {
    await eventually(async () => (engine.listener.listening ? true : undefined), 10_000, 'the listener');
    const lock = await db.knex.transaction();
    await lock.raw('LOCK TABLE infrastructure.cells IN ACCESS EXCLUSIVE MODE');
    try {
      const id = await submit(apiDb, queue, { query_kind: 'spatial_aggregate', locations: dailyLocationSpec('last') });
      await waitForState(db.knex, id, ['executing']);
      await eventually(async () => {
        const r = await db.knex.raw(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'flowdeck-engine:%' AND wait_event_type = 'Lock'",
        );
        return Number(r.rows[0].n) > 0 ? true : undefined;
      }, 10_000, 'node SQL to block');
      const asked = Date.now();
      expect((await apiDb.raw('SELECT cache.request_cancel(?) AS s', [id])).rows[0].s).toBe('executing');
      await waitForState(db.knex, id, ['cancelled'], 10_000);
      expect(Date.now() - asked).toBeLessThan(10_000);
      expect(await db.knex('cache.queries').where({ state: 'executing' }).count({ n: '*' })).toEqual([{ n: '0' }]);
    } finally {
      await lock.rollback();
    }
  }, 60_000);
});

describe('cleanup job (CRON_CLEANUP, HISTORY_TIMEOUT)', () => {
  it('computes the next run from the cron schedule (UTC)', () => {
    expect(nextCleanupAt('0 */12 * * *', new Date('2016-01-01T05:30:00Z')).toISOString()).toBe('2016-01-01T12:00:00.000Z');
    expect(nextCleanupAt('0 */12 * * *', new Date('2016-01-01T12:00:00Z')).toISOString()).toBe('2016-01-02T00:00:00.000Z');
    expect(() => nextCleanupAt('not a schedule', new Date())).toThrow(/Invalid CRON_CLEANUP/);
  });

  it('deletes old terminal records and their history, never completed rows, recent rows or live ones', async () => {
    const old = new Date(Date.now() - 2 * 3600 * 1000).toISOString();
    const rows = [
      { query_id: 'old-errored', state: 'errored', updated_at: old },
      { query_id: 'old-cancelled', state: 'cancelled', updated_at: old },
      { query_id: 'old-known', state: 'known', updated_at: old },
      { query_id: 'old-queued', state: 'queued', updated_at: old },
      { query_id: 'new-errored', state: 'errored', updated_at: new Date().toISOString() },
    ];
    for (const r of rows) {
      await db.knex('cache.queries').insert({ ...r, top_level: true });
      await db.knex('cache.query_state_history').insert({ query_id: r.query_id, event: 'create', to_state: 'known' });
    }
    // A completed query with its table, last changed long ago: kept.
    const done = await submit(apiDb, queue, { query_kind: 'spatial_aggregate', locations: dailyLocationSpec('most-common') });
    await waitForState(db.knex, done, ['completed']);
    await db.knex('cache.queries').where({ query_id: done }).update({ updated_at: old });

    const report = await engine.cleanup.runOnce();
    expect(report?.deletedQueries).toBeGreaterThanOrEqual(3);
    const left = (await db.knex('cache.queries').select('query_id')).map((r: { query_id: string }) => r.query_id);
    expect(left).not.toContain('old-errored');
    expect(left).not.toContain('old-cancelled');
    expect(left).not.toContain('old-known');
    expect(left).toEqual(expect.arrayContaining(['old-queued', 'new-errored', done]));
    const history = (await db.knex('cache.query_state_history').distinct('query_id')).map((r: { query_id: string }) => r.query_id);
    expect(history).not.toContain('old-errored');
    expect(history).toEqual(expect.arrayContaining(['old-queued', 'new-errored', done]));
    expect(await db.knex('cache.cached').where({ query_id: done }).first()).toBeDefined();
  }, 60_000);
});
