import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { ABANDONED_MESSAGE, maxRunDurationMessage } from '../../src/domain/failure-message.js';
import { EXPECTED, loadDataset } from '../support/dataset.js';
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
}, 60_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
});

/** A distinct spatial_aggregate per test (admin unit / hours), so that tests do not share results. */
function spec(unit: string, hours: { start_hour: number; end_hour: number } | null = null): Record<string, unknown> {
  return { query_kind: 'spatial_aggregate', locations: { ...dailyLocationSpec('last', unit), hours } };
}

/** Inserts a top-level row directly in the given state (what a dead worker leaves behind). */
async function insertRow(body: Record<string, unknown>, fields: Record<string, unknown>): Promise<string> {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  await db.knex('cache.queries').insert({
    query_id: v.queryId,
    query_kind: v.kind,
    params: JSON.stringify(v.params),
    canonical: JSON.stringify(v.canonical),
    aggregation_unit: v.aggregationUnit,
    top_level: true,
    ...fields,
  });
  return v.queryId;
}

async function events(id: string): Promise<string[]> {
  return (await db.knex('cache.query_state_history').where({ query_id: id }).orderBy('id')).map((h: { event: string }) => h.event);
}

describe('janitor', () => {
  it('re-queues an executing query whose lease expired, and it completes', async () => {
    const id = await insertRow(spec('admin2'), {
      state: 'executing',
      attempts: 1,
      lease_owner: 'dead-worker',
      lease_expires_at: new Date(Date.now() - 60_000),
      started_at: new Date(Date.now() - 120_000),
    });
    const row = await waitForState(db.knex, id, ['completed', 'errored']);
    expect(row['state']).toBe('completed');
    expect(row['attempts']).toBe(2);
    expect(await events(id)).toEqual(['requeue', 'execute', 'finish']);
    const result = (await db.knex.raw(`SELECT pcod, value FROM cache.x${id} ORDER BY pcod`)).rows;
    // admin2: Y1 = ZA + ZB = 33, Y2 = ZC + ZD = 18, both above 15.
    expect(result.map((r: { pcod: string; value: string }) => [r.pcod, Number(r.value)])).toEqual([
      ['Y1', EXPECTED.last.ZA + EXPECTED.last.ZB],
      ['Y2', EXPECTED.last.ZC + EXPECTED.last.ZD],
    ]);
  });

  it('errors an expired run after 3 attempts', async () => {
    const id = await insertRow(spec('admin1'), {
      state: 'executing',
      attempts: 3,
      lease_owner: 'dead-worker',
      lease_expires_at: new Date(Date.now() - 1000),
    });
    const row = await waitForState(db.knex, id, ['errored']);
    expect(row['message']).toBe(ABANDONED_MESSAGE);
  });

  it('re-enqueues a queued query whose job was lost (Redis flushed), and it completes', async () => {
    await closeDeps(engine); // no engine while the queue is wiped
    const id = await submit(apiDb, queue, spec('admin0'));
    await deleteRedisPrefix(prefix);
    const restarted = testEngine(db.name, prefix);
    expect(await restarted.queue.hasLiveJob(id)).toBe(false);
    startBackground(restarted);
    try {
      const row = await waitForState(db.knex, id, ['completed', 'errored']);
      expect(row['state']).toBe('completed');
      const result = (await db.knex.raw(`SELECT pcod, value FROM cache.x${id}`)).rows;
      expect(result.map((r: { pcod: string; value: string }) => [r.pcod, Number(r.value)])).toEqual([['X0', 51]]);
    } finally {
      await closeDeps(restarted);
    }
    engine = testEngine(db.name, prefix);
    startBackground(engine);
  });

  it('finishes resets nobody holds, and the query can run again', async () => {
    const id = await submit(apiDb, queue, spec('admin3', { start_hour: 0, end_hour: 12 }));
    await waitForState(db.knex, id, ['completed']);
    // Invalidation of a date it read: completed -> resetting (by FlowDB); the janitor drops and finishes the reset.
    const moved = (await db.knex.raw("SELECT cache.invalidate_dates('calls', ARRAY[DATE '2016-01-01']) AS n")).rows[0].n;
    expect(moved).toBeGreaterThanOrEqual(3);
    await waitForState(db.knex, id, ['known']);
    expect(await db.knex('cache.cached').where({ query_id: id }).first()).toBeUndefined();
    const exists = (await db.knex.raw('SELECT to_regclass(?) AS t', [`cache.x${id}`])).rows[0].t;
    expect(exists).toBeNull();
    // A re-run works again from scratch.
    await submit(apiDb, queue, spec('admin3', { start_hour: 0, end_hour: 12 }));
    await waitForState(db.knex, id, ['completed']);
  });

  it('errors runs over the maximum run duration, cancelling their statement', async () => {
    const later = testEngine(db.name, prefix, { WORKER_MAX_RUN_DURATION_SECONDS: '10', RUN_GRACE_PERIOD_SECONDS: '5' }, {
      now: () => new Date(Date.now() + 60_000),
    });
    try {
      const id = await insertRow(spec('admin3', { start_hour: 1, end_hour: 2 }), {
        state: 'executing',
        attempts: 1,
        lease_owner: 'slow-worker',
        lease_expires_at: new Date(Date.now() + 3_600_000),
        started_at: new Date(Date.now() - 1000),
      });
      const report = await later.janitor.runOnce();
      expect(report?.overdue).toContain(id);
      const row = await waitForState(db.knex, id, ['errored']);
      expect(row['message']).toBe(maxRunDurationMessage(10));
    } finally {
      await closeDeps(later);
    }
  });
});
