import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec, specNodeId, validateSpec } from '@flowdeck/queries';
import {
  dayWindow,
  locate,
  referenceResult,
  select,
  type RefMapping,
  type RefWorld,
} from '../../../../e2e/src/reference-kinds.js';
import { rowsDiff } from '../../../../e2e/src/reference-compare.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { buildKindsDataset, loadKindsDataset, type KindsDataset } from '../support/kinds-dataset.js';
import { submit, testEngine, testQueue, waitForState } from '../support/engine.js';

// Tier 2 spec options (query-kinds.md §1) through the engine, compared with the reference computations of
// e2e/src/reference-kinds.ts: subscriber_subset (the id of a completed per-subscriber node), mapping tables for
// admin units and lon-lat (FlowKit's make_spatial_unit), and the properties of sampling (a reference cannot
// reproduce a random sample, so the tests check subset-of, size, fraction and determinism). T = 15.

const T = 15;
type Spec = Record<string, unknown>;
const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
const daily = (date: string, extra: Spec = {}, unit = 'admin3'): Spec => ({
  query_kind: 'daily_location',
  date,
  aggregation_unit: unit,
  method: 'last',
  ...extra,
});

/** The subset: subscribers with a locatable call on 2016-01-01 between 10:00 and 11:00. */
const SUBSET_SPEC = daily('2016-01-01', { event_types: ['calls'], hours: { start_hour: 10, end_hour: 11 } });
const SUBSET_ID = specNodeId(
  (validateSpec(SUBSET_SPEC, ['daily_location']) as { canonical: Spec }).canonical,
);

// Mapping tables (schema geography, as the options allow): C3 maps to two zones, C5 to a pcod with no polygon
// (unlocatable), C6 is not mapped; lon-lat maps cells to sites with their own points.
const ADMIN_MAP: Record<string, string[]> = {
  C1: ['ZB'],
  C2: ['ZA'],
  C3: ['ZA', 'ZC'],
  C4: ['ZD'],
  C5: ['ZZ'],
  C7: ['ZD'],
};
const SITES: Record<string, [number, number]> = { S1: [10.5, 1.5], S2: [11.25, 1.75] };
const SITE_MAP: Record<string, string> = { C1: 'S1', C2: 'S1', C3: 'S2', C4: 'S2', C5: 'S1' };
const mappings = new Map<string, RefMapping>([
  [
    'geography.test_cell_zones',
    (cell, unit) => (unit === 'admin3' ? (ADMIN_MAP[cell] ?? []).filter((z) => z !== 'ZZ') : []),
  ],
  [
    'geography.test_cell_sites',
    (cell, unit) => (unit === 'lon-lat' && SITE_MAP[cell] ? [SITES[SITE_MAP[cell]]!] : []),
  ],
]);
const zonesMapped = { mapping_table: 'geography.test_cell_zones' };
const sitesMapped = {
  mapping_table: 'geography.test_cell_sites',
  geom_table: 'geography.test_sites',
  geom_table_join_column: 'site',
};

const SUBSET_SPECS: [string, Spec][] = [
  [
    'spatial_aggregate daily_location with subset',
    { query_kind: 'spatial_aggregate', locations: daily('2016-01-02', { subscriber_subset: SUBSET_ID }) },
  ],
  [
    'unique_subscriber_counts with subset',
    {
      query_kind: 'unique_subscriber_counts',
      aggregation_unit: 'admin3',
      ...range,
      subscriber_subset: SUBSET_ID,
    },
  ],
  [
    'jsa event_count (subset) over modal',
    {
      query_kind: 'joined_spatial_aggregate',
      method: 'avg',
      locations: { query_kind: 'modal_location', locations: [daily('2016-01-01'), daily('2016-01-02')] },
      metric: { query_kind: 'event_count', ...range, subscriber_subset: SUBSET_ID },
    },
  ],
  [
    'jsa topup_amount (subset)',
    {
      query_kind: 'joined_spatial_aggregate',
      method: 'max',
      locations: daily('2016-01-01'),
      metric: { query_kind: 'topup_amount', ...range, statistic: 'sum', subscriber_subset: SUBSET_ID },
    },
  ],
  [
    'flows with a subset on one side',
    {
      query_kind: 'flows',
      from_location: daily('2016-01-01', { subscriber_subset: SUBSET_ID }),
      to_location: daily('2016-01-02'),
    },
  ],
];
const MAPPING_SPECS: [string, Spec][] = [
  [
    'spatial_aggregate daily_location mapped admin3',
    { query_kind: 'spatial_aggregate', locations: daily('2016-01-02', zonesMapped) },
  ],
  [
    'unique_subscriber_counts mapped admin3',
    { query_kind: 'unique_subscriber_counts', aggregation_unit: 'admin3', ...range, ...zonesMapped },
  ],
  [
    'location_event_counts mapped admin3',
    {
      query_kind: 'location_event_counts',
      aggregation_unit: 'admin3',
      ...range,
      interval: 'day',
      ...zonesMapped,
    },
  ],
  [
    'unique_subscriber_counts mapped lon-lat',
    { query_kind: 'unique_subscriber_counts', aggregation_unit: 'lon-lat', ...range, ...sitesMapped },
  ],
  [
    'spatial_aggregate mapped + subset',
    {
      query_kind: 'spatial_aggregate',
      locations: daily('2016-01-02', { ...zonesMapped, subscriber_subset: SUBSET_ID }),
    },
  ],
];

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;
let data: KindsDataset;
let world: RefWorld;

async function run(
  spec: Spec,
  states = ['completed'],
): Promise<{ id: string; row: Record<string, unknown> }> {
  const id = await submit(apiDb, queue, spec);
  const row = await waitForState(db.knex, id, ['completed', 'errored', 'cancelled'], 90_000);
  expect(states).toContain(row['state']);
  return { id, row };
}

async function rowsOf(id: string): Promise<Record<string, unknown>[]> {
  return (await db.knex.raw(`SELECT * FROM cache.x${id}`)).rows as Record<string, unknown>[];
}

async function loadMappingTables(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE geography.test_cell_zones (id text, admin3pcod text)');
  for (const [cell, zones] of Object.entries(ADMIN_MAP))
    for (const z of zones) await knex.raw('INSERT INTO geography.test_cell_zones VALUES (?, ?)', [cell, z]);
  await knex.raw('CREATE TABLE geography.test_sites (site text, geom_point geometry(Point, 4326))');
  for (const [site, [lon, lat]] of Object.entries(SITES)) {
    await knex.raw('INSERT INTO geography.test_sites VALUES (?, ST_SetSRID(ST_MakePoint(?, ?), 4326))', [
      site,
      lon,
      lat,
    ]);
  }
  await knex.raw('CREATE TABLE geography.test_cell_sites (id text, site text)');
  for (const [cell, site] of Object.entries(SITE_MAP))
    await knex.raw('INSERT INTO geography.test_cell_sites VALUES (?, ?)', [cell, site]);
  await knex.raw(
    'GRANT SELECT ON geography.test_cell_zones, geography.test_sites, geography.test_cell_sites TO flowdeck_engine',
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  data = buildKindsDataset();
  await loadKindsDataset(db.knex, data);
  await loadMappingTables(db.knex);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  prefix = testRedisPrefix();
  queue = testQueue(prefix);
  engine = testEngine(db.name, prefix);
  startBackground(engine);
  const subset = new Set(
    locate(data.world, select(data.world, dayWindow(SUBSET_SPEC)), 'admin3').map((e) => e.msisdn),
  );
  world = { ...data.world, subsets: new Map([[SUBSET_ID, subset]]), mappings };
  // The subset node exists once a query using it completed.
  await run({ query_kind: 'spatial_aggregate', locations: SUBSET_SPEC });
}, 180_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
});

function expectReference(rows: Record<string, unknown>[], spec: Spec): void {
  const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
  const expected = referenceResult(world, canonical, T);
  expect(rowsDiff(rows, expected, 1e-7)).toEqual([]);
  if (expected.length > 0 && rows.length > 0)
    expect(Object.keys(rows[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
}

describe('subscriber_subset', () => {
  it('the subset node holds the subscribers the reference expects (a real subset of everyone)', async () => {
    const subs = new Set((await rowsOf(SUBSET_ID)).map((r) => String(r['subscriber'])));
    expect(subs).toEqual(world.subsets!.get(SUBSET_ID));
    expect(subs.size).toBeGreaterThan(15);
    expect(subs.size).toBeLessThan(100);
  }, 30_000);

  it.each(SUBSET_SPECS)(
    '%s',
    async (_name, spec) => {
      const { id } = await run(spec);
      expectReference(await rowsOf(id), spec);
    },
    100_000,
  );

  it('a top-level result (no subscriber column) or an unknown id ends the query errored', async () => {
    const { id: topLevel } = await run({
      query_kind: 'unique_subscriber_counts',
      aggregation_unit: 'admin2',
      ...range,
    });
    for (const subset of [topLevel, 'f'.repeat(32)]) {
      const { row } = await run(
        {
          query_kind: 'unique_subscriber_counts',
          aggregation_unit: 'admin3',
          ...range,
          subscriber_subset: subset,
        },
        ['errored'],
      );
      expect(String(row['message'])).toMatch(/Subscriber subset|database error/);
    }
  }, 100_000);
});

describe('mapping_table / geom_table', () => {
  it.each(MAPPING_SPECS)(
    '%s',
    async (_name, spec) => {
      const { id } = await run(spec);
      const rows = await rowsOf(id);
      expectReference(rows, spec);
      expect(rows.length).toBeGreaterThan(0);
    },
    100_000,
  );

  it('a mapping table that does not exist ends the query errored', async () => {
    await run(
      {
        query_kind: 'unique_subscriber_counts',
        aggregation_unit: 'admin3',
        ...range,
        mapping_table: 'geography.no_such_table',
      },
      ['errored'],
    );
  }, 100_000);
});

describe('sampling (properties)', () => {
  const base = daily('2016-01-02');
  const sampledNode = async (sampling: Spec, extra: Spec = {}): Promise<Set<string>> => {
    const spec = { ...base, ...extra, sampling };
    await run({ query_kind: 'spatial_aggregate', locations: spec });
    const id = specNodeId((validateSpec(spec, ['daily_location']) as { canonical: Spec }).canonical);
    return new Set((await rowsOf(id)).map((r) => JSON.stringify(r)));
  };
  let all: Set<string>;
  beforeAll(async () => {
    all = await sampledNode(null as unknown as Spec);
  }, 100_000);

  it('bernoulli fraction: a subset of the unsampled rows, about the fraction, the same for the same seed', async () => {
    const a = await sampledNode({ sampling_method: 'bernoulli', seed: 0.25, fraction: 0.5 });
    for (const r of a) expect(all.has(r)).toBe(true);
    expect(a.size).toBeGreaterThan(all.size * 0.3);
    expect(a.size).toBeLessThan(all.size * 0.7);
    // Same seed over the same rows (a spec with a different id): the same sample.
    const again = await sampledNode(
      { sampling_method: 'bernoulli', seed: 0.25, fraction: 0.5 },
      { hours: { start_hour: 0, end_hour: 24 } },
    );
    expect(again).toEqual(a);
    const other = await sampledNode({ sampling_method: 'bernoulli', seed: 0.75, fraction: 0.5 });
    expect(other).not.toEqual(a);
  }, 200_000);

  it('system and random_ids size: exactly size rows / subscribers, from the unsampled rows', async () => {
    const s = await sampledNode({ sampling_method: 'system', seed: 3, size: 25 });
    expect(s.size).toBe(25);
    for (const r of s) expect(all.has(r)).toBe(true);
    const ids = await sampledNode({
      sampling_method: 'random_ids',
      seed: -0.5,
      size: 30,
      estimate_count: false,
    });
    expect(new Set([...ids].map((r) => (JSON.parse(r) as Spec)['subscriber'])).size).toBe(30);
    for (const r of ids) expect(all.has(r)).toBe(true);
  }, 200_000);
});
