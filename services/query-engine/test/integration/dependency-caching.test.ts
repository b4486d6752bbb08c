import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec, specNodeId, validateSpec } from '@flowdeck/queries';
import { referenceResult } from '../../../../e2e/src/reference-kinds.js';
import { rowsDiff } from '../../../../e2e/src/reference-compare.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { buildKindsDataset, loadKindsDataset, type KindsDataset } from '../support/kinds-dataset.js';
import { submit, testEngine, testQueue } from '../support/engine.js';

// FLOWMACHINE_SERVER_DISABLE_DEPENDENCY_CACHING=true (query-kinds.md §8): internal nodes are computed into
// session-local tables and never kept as cache.x<id>; only the top-level node is cacheable, so progress counts it
// alone; results are the same as with caching (compared with the reference computations).

const T = 15;
type Spec = Record<string, unknown>;
const daily = (date: string, method: string): Spec => ({
  query_kind: 'daily_location',
  date,
  aggregation_unit: 'admin3',
  method,
});
const DAILIES = [daily('2016-01-01', 'last'), daily('2016-01-02', 'most-common')];
const SPEC: Spec = {
  query_kind: 'spatial_aggregate',
  locations: { query_kind: 'modal_location', locations: DAILIES },
};
const nodeId = (spec: Spec, kind: string): string =>
  specNodeId((validateSpec(spec, [kind]) as { canonical: Spec }).canonical);

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;
let data: KindsDataset;

beforeAll(async () => {
  db = await createTestDatabase();
  data = buildKindsDataset();
  await loadKindsDataset(db.knex, data);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  prefix = testRedisPrefix();
  queue = testQueue(prefix);
  engine = testEngine(db.name, prefix, { FLOWMACHINE_SERVER_DISABLE_DEPENDENCY_CACHING: 'true' });
  startBackground(engine);
}, 120_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
});

describe('with dependency caching disabled', () => {
  it('keeps only the top-level table, counts only the top-level node in progress, and is still correct', async () => {
    const id = await submit(apiDb, queue, SPEC);
    const eligible = new Set<number>();
    let row: Record<string, unknown> | undefined;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      row = (await db.knex('cache.queries').where({ query_id: id }).first()) as Record<string, unknown>;
      if (row['progress_eligible'] !== null && row['progress_eligible'] !== undefined)
        eligible.add(Number(row['progress_eligible']));
      if (['completed', 'errored', 'cancelled'].includes(String(row['state']))) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect([row?.['state'], row?.['message']]).toEqual(['completed', null]);
    for (const n of eligible) expect(n).toBeLessThanOrEqual(1);

    const internal = [
      ...DAILIES.map((d) => nodeId(d, 'daily_location')),
      nodeId(SPEC['locations'] as Spec, 'modal_location'),
    ];
    const cached = (await db.knex('cache.cached').select('query_id')).map(
      (r: { query_id: string }) => r.query_id,
    );
    expect(cached).toContain(id);
    for (const n of internal) {
      expect(cached).not.toContain(n);
      expect((await db.knex.raw('SELECT to_regclass(?) AS t', [`cache.x${n}`])).rows[0].t).toBeNull();
    }
    // Every table left in schema cache belongs to the top-level query's own bookkeeping (cache.cached rows).
    const tables = (
      await db.knex.raw(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'cache' AND tablename ~ '^x[0-9a-f]{32}$'",
      )
    ).rows.map((r: { tablename: string }) => r.tablename.slice(1));
    expect(tables.sort()).toEqual([...cached].sort());
    expect(
      (await db.knex.raw('SELECT count(*)::int AS n FROM cache.queries WHERE query_id = ANY(?)', [internal]))
        .rows[0].n,
    ).toBe(0);

    const { canonical } = parseQuerySpec(SPEC, { redactionThreshold: T });
    const actual = (await apiDb.raw(`SELECT * FROM cache.x${id}`)).rows as Record<string, unknown>[];
    expect(actual.length).toBeGreaterThan(0);
    expect(rowsDiff(actual, referenceResult(data.world, canonical, T), 1e-7)).toEqual([]);
  }, 120_000);
});
