import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { EXPECTED, loadDataset } from '../support/dataset.js';
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

async function rows(table: string): Promise<Record<string, unknown>[]> {
  return (await db.knex.raw(`SELECT * FROM cache.${table}`)).rows;
}

function asMap(rs: Record<string, unknown>[]): Record<string, number> {
  return Object.fromEntries(rs.map((r) => [String(r['pcod']), Number(r['value'])]));
}

async function graphOf(queryId: string): Promise<{ unredacted: string; location: string }> {
  const [dep] = (await db.knex('cache.dependencies').where({ query_id: queryId })) as { depends_on: string }[];
  const [loc] = (await db.knex('cache.dependencies').where({ query_id: dep!.depends_on })) as { depends_on: string }[];
  return { unredacted: dep!.depends_on, location: loc!.depends_on };
}

describe('spatial_aggregate over daily_location', () => {
  it('computes, redacts and exposes the last-location counts (hand-worked)', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last'));
    const row = await waitForState(db.knex, id, ['completed', 'errored']);
    expect(row['message']).toBeNull();
    expect(row['state']).toBe('completed');

    // Exposed: value <= 15 dropped, ordered by pcod.
    const exposed = await rows(`x${id}`);
    expect(exposed.map((r) => [r['pcod'], Number(r['value'])])).toEqual([
      ['ZA', EXPECTED.last.ZA],
      ['ZB', EXPECTED.last.ZB],
    ]);
    const g = await graphOf(id);
    expect(asMap(await rows(`x${g.unredacted}`))).toEqual(EXPECTED.last);
    const perSubscriber = await rows(`x${g.location}`);
    expect(Object.keys(perSubscriber[0]!).sort()).toEqual(['pcod', 'subscriber']);
    expect(perSubscriber.find((r) => r['subscriber'] === 'm1')?.['pcod']).toBe('ZA');
    expect(perSubscriber.find((r) => r['subscriber'] === 'd3')?.['pcod']).toBe('ZD');
    expect(perSubscriber.some((r) => r['subscriber'] === 'u1' || r['subscriber'] === 'n1')).toBe(false);
  });

  it('uses the most frequent location for most-common (ties to the latest event)', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('most-common'));
    await waitForState(db.knex, id, ['completed']);
    expect(asMap(await rows(`x${id}`))).toEqual({ ZB: 16 });
    const g = await graphOf(id);
    expect(asMap(await rows(`x${g.unredacted}`))).toEqual(EXPECTED.mostCommon);
    const perSubscriber = await rows(`x${g.location}`);
    expect(perSubscriber.find((r) => r['subscriber'] === 'm1')?.['pcod']).toBe('ZD');
    expect(perSubscriber.find((r) => r['subscriber'] === 't1')?.['pcod']).toBe('ZC');
  });

  it('records cache entries, dependencies, date dependencies, history and progress', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last'));
    const g = await graphOf(id);
    const cached = (await db.knex('cache.cached').whereIn('query_id', [id, g.unredacted, g.location])) as Record<string, unknown>[];
    expect(cached).toHaveLength(3);
    for (const c of cached) {
      expect(Number(c['size_bytes'])).toBeGreaterThan(0);
      expect(c['tablename']).toBe(`x${String(c['query_id'])}`);
      expect(typeof c['query']).toBe('string');
      expect(Number.isFinite(Number(c['score']))).toBe(true);
      expect(c['exposed']).toBe(c['query_id'] === id);
    }
    expect(cached.find((c) => c['query_id'] === g.location)?.['class']).toBe('daily_location');
    const dates = (await db.knex('cache.date_dependencies').where({ query_id: g.location }).orderBy('cdr_type')) as {
      cdr_type: string;
    }[];
    expect(dates.map((d) => d.cdr_type)).toEqual(['calls', 'mds', 'sms', 'topups']);
    const history = (await db.knex('cache.query_state_history').where({ query_id: id }).orderBy('id')).map(
      (h: { event: string }) => h.event,
    );
    expect(history).toEqual(['create', 'queue', 'execute', 'finish']);
    const status = await apiDb('cache.query_status').where({ query_id: id }).first();
    expect([status.eligible, status.queued, status.running]).toEqual([0, 0, 0]);
    const internal = await db.knex('cache.queries').where({ query_id: g.location }).first();
    expect(internal).toMatchObject({ top_level: false, state: 'completed', query_kind: 'daily_location' });
  });

  it('lets the api role read the exposed table only', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last'));
    const g = await graphOf(id);
    const exposed = (await apiDb.raw(`SELECT count(*) AS n FROM cache.x${id}`)).rows[0];
    expect(Number(exposed.n)).toBe(2);
    await expect(apiDb.raw(`SELECT * FROM cache.x${g.unredacted}`)).rejects.toMatchObject({ code: '42501' });
    await expect(apiDb.raw(`SELECT * FROM cache.x${g.location}`)).rejects.toMatchObject({ code: '42501' });
  });

  it('serves an identical run from the cache without recomputing', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last'));
    const before = await db.knex('cache.cached').where({ query_id: id }).first();
    const misses = (await engine.metrics.cacheMisses.get()).values[0]?.value ?? 0;
    const state = (await apiDb.raw('SELECT cache.register_query(?, ?, ?, ?, ?) AS s', [id, 'spatial_aggregate', '{}', '{}', 'admin3'])).rows[0].s;
    expect(state).toBe('completed');
    await engine.queue.ensureJob(id); // even a fresh job for it changes nothing
    await waitForState(db.knex, id, ['completed']);
    const after = await db.knex('cache.cached').where({ query_id: id }).first();
    expect(after.created).toEqual(before.created);
    expect((await engine.metrics.cacheMisses.get()).values[0]?.value ?? 0).toBe(misses);
  });

  it('shares the daily_location node between queries (cache hit on the dependency)', async () => {
    const misses = (await engine.metrics.cacheMisses.get()).values[0]?.value ?? 0;
    const hits = (await engine.metrics.cacheHits.get()).values[0]?.value ?? 0;
    // admin3 `last` locations are cached; a flows-free second consumer: the same spatial aggregate at admin2 is a
    // different location node, so use the janitor-free path: re-run the most-common aggregate after resetting it.
    const id = await submit(apiDb, queue, spatialAggregateSpec('most-common'));
    await db.knex.raw('UPDATE cache.queries SET state = ? WHERE query_id = ?', ['errored', id]);
    await db.knex('cache.cached').where({ query_id: id }).delete();
    await db.knex.raw(`DROP TABLE cache.x${id}`);
    await submit(apiDb, queue, spatialAggregateSpec('most-common'));
    await waitForState(db.knex, id, ['completed']);
    expect(asMap(await rows(`x${id}`))).toEqual({ ZB: 16 });
    expect(((await engine.metrics.cacheMisses.get()).values[0]?.value ?? 0) - misses).toBe(1);
    expect(((await engine.metrics.cacheHits.get()).values[0]?.value ?? 0) - hits).toBeGreaterThanOrEqual(1);
  });

  it('aggregates lon-lat daily locations by cell point', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last', 'lon-lat'));
    await waitForState(db.knex, id, ['completed']);
    const exposed = await rows(`x${id}`);
    // C6 lies outside every zone but has a point, so for lon-lat it is locatable: m1's last event (23:00 at C6)
    // moves m1 from (0.5, 0.5) to (9.5, 0.5), which holds m1 and u1 (2: dropped). Hence 17 - 1 = 16 and 16.
    expect(exposed.map((r) => [Number(r['lon']), Number(r['lat']), Number(r['value'])])).toEqual([
      [0.5, 0.5, EXPECTED.last.ZA - 1],
      [1.5, 0.5, EXPECTED.last.ZB],
    ]);
  });

  it('computes unique_subscriber_counts (every zone a subscriber was seen in)', async () => {
    const id = await submit(apiDb, queue, {
      query_kind: 'unique_subscriber_counts',
      aggregation_unit: 'admin3',
      start_date: '2016-01-01',
      end_date: '2016-01-02',
      event_types: null,
      subscriber_subset: null,
      mapping_table: null,
      geom_table: null,
      geom_table_join_column: null,
      hours: null,
    });
    await waitForState(db.knex, id, ['completed']);
    // ZA: a01-a15, m1, m2 = 17; ZB: b01-b16, t1 = 17; ZC: c01-c14, t1 = 15 (dropped); ZD: m1, m2, d1-d3 = 5 (dropped).
    expect(asMap(await rows(`x${id}`))).toEqual({ ZA: 17, ZB: 17 });
    const [dep] = (await db.knex('cache.dependencies').where({ query_id: id })) as { depends_on: string }[];
    expect(asMap(await rows(`x${dep!.depends_on}`))).toEqual({ ZA: 17, ZB: 17, ZC: 15, ZD: 5 });
  });
});
