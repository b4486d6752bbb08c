import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import {
  referenceLocations,
  referenceMetric,
  referenceResult,
} from '../../../../e2e/src/reference-kinds.js';
import { rowsDiff } from '../../../../e2e/src/reference-compare.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { loadKindsDataset, type KindsDataset } from '../support/kinds-dataset.js';
import { buildVisitsDataset, VISIT_DAYS } from '../support/visits-dataset.js';
import { submit, testEngine, testQueue, waitForState } from '../support/engine.js';

// The visit family (query-kinds.md §6.1 labelled kinds, §6.2 Tier 2 location kinds) computed by the engine over
// test/support/visits-dataset.ts and compared with e2e/src/reference-visits.ts; also majority/coalesced locations
// inside the Tier 1 aggregates that accept them (§5). T = 15.

const T = 15;
type Spec = Record<string, unknown>;

const daily = (date: string, method: string, unit: string): Spec => ({
  query_kind: 'daily_location',
  date,
  aggregation_unit: unit,
  method,
});
/** location_visits of period p (0..2: two days each). */
const visits = (p: number, method: string, unit = 'admin3'): Spec => ({
  query_kind: 'location_visits',
  locations: [daily(VISIT_DAYS[2 * p]!, method, unit), daily(VISIT_DAYS[2 * p + 1]!, method, unit)],
});
const majority = (p: number, method: string, includeUnlocatable: boolean | null, unit = 'admin3'): Spec => ({
  query_kind: 'majority_location',
  subscriber_location_weights: visits(p, method, unit),
  include_unlocatable: includeUnlocatable,
});
const coalesced = (p: number, unit = 'admin3', threshold = 2): Spec => ({
  query_kind: 'coalesced_location',
  preferred_location: majority(p, 'last', true, unit),
  fallback_location: majority(p, 'most-common', false, unit),
  subscriber_location_weights: visits(p, 'most-common', unit),
  weight_threshold: threshold,
});
const mobility = (unit = 'admin3', stay = 2): Spec => ({
  query_kind: 'mobility_classification',
  locations: [coalesced(0, unit), coalesced(1, unit), coalesced(2, unit)],
  stay_length_threshold: stay,
});

const SPECS: [string, Spec][] = [
  [
    'labelled_spatial_aggregate admin3',
    { query_kind: 'labelled_spatial_aggregate', locations: coalesced(2), labels: mobility() },
  ],
  [
    'labelled_spatial_aggregate admin2, stay 3',
    {
      query_kind: 'labelled_spatial_aggregate',
      locations: coalesced(2, 'admin2'),
      labels: mobility('admin3', 3),
    },
  ],
  [
    'labelled_spatial_aggregate lon-lat',
    {
      query_kind: 'labelled_spatial_aggregate',
      locations: coalesced(2, 'lon-lat'),
      labels: mobility('lon-lat'),
    },
  ],
  [
    'labelled_spatial_aggregate P2 locations (unlabelled subscribers)',
    { query_kind: 'labelled_spatial_aggregate', locations: coalesced(1, 'admin2'), labels: mobility() },
  ],
  [
    'labelled_flows inner',
    {
      query_kind: 'labelled_flows',
      from_location: coalesced(0),
      to_location: coalesced(2),
      labels: mobility(),
    },
  ],
  [
    'labelled_flows full outer admin2',
    {
      query_kind: 'labelled_flows',
      from_location: coalesced(0, 'admin2'),
      to_location: coalesced(2, 'admin2'),
      labels: mobility(),
      join_type: 'full outer',
    },
  ],
  [
    'labelled_flows left, threshold 3',
    {
      query_kind: 'labelled_flows',
      from_location: coalesced(1, 'admin3', 3),
      to_location: coalesced(2),
      labels: mobility(),
      join_type: 'left',
    },
  ],
  [
    'spatial_aggregate majority_location include_unlocatable',
    { query_kind: 'spatial_aggregate', locations: majority(1, 'last', true) },
  ],
  [
    'spatial_aggregate majority_location default',
    { query_kind: 'spatial_aggregate', locations: majority(2, 'most-common', null) },
  ],
  [
    'spatial_aggregate coalesced_location (NULL zone)',
    { query_kind: 'spatial_aggregate', locations: coalesced(2) },
  ],
  [
    'joined_spatial_aggregate majority_location event_count',
    {
      query_kind: 'joined_spatial_aggregate',
      method: 'avg',
      locations: majority(0, 'last', false, 'admin2'),
      metric: { query_kind: 'event_count', start_date: VISIT_DAYS[0], end_date: '2016-01-07' },
    },
  ],
  [
    'flows majority → coalesced',
    { query_kind: 'flows', from_location: majority(0, 'last', true), to_location: coalesced(2) },
  ],
  [
    'flows coalesced full outer',
    { query_kind: 'flows', from_location: coalesced(0), to_location: coalesced(2), join_type: 'full outer' },
  ],
  [
    'inflows coalesced admin2',
    { query_kind: 'inflows', from_location: coalesced(0, 'admin2'), to_location: coalesced(1, 'admin2') },
  ],
];

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;
let data: KindsDataset;
const ids = new Map<string, string>();

beforeAll(async () => {
  db = await createTestDatabase();
  data = buildVisitsDataset();
  await loadKindsDataset(db.knex, data);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  prefix = testRedisPrefix();
  queue = testQueue(prefix);
  engine = testEngine(db.name, prefix);
  startBackground(engine);
  for (const [name, spec] of SPECS) ids.set(name, await submit(apiDb, queue, spec));
}, 120_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
});

const canonical = (spec: Spec): Spec => parseQuerySpec(spec, { redactionThreshold: T }).canonical;

describe('the visit family against the reference computations', () => {
  it.each(SPECS)(
    '%s',
    async (name, spec) => {
      const id = ids.get(name)!;
      const row = await waitForState(db.knex, id, ['completed', 'errored', 'cancelled'], 90_000);
      expect([row['state'], row['message']]).toEqual(['completed', null]);
      const expected = referenceResult(data.world, canonical(spec), T);
      const actual = (await apiDb.raw(`SELECT * FROM cache.x${id}`)).rows as Record<string, unknown>[];
      expect(rowsDiff(actual, expected, 1e-7)).toEqual([]);
      if (expected.length > 0 && actual.length > 0)
        expect(Object.keys(actual[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
    },
    100_000,
  );

  it('the dataset exercises every label, both coalesced paths and whole-zone redaction', () => {
    const labels = referenceMetric(
      data.world,
      canonical({ query_kind: 'labelled_spatial_aggregate', locations: coalesced(2), labels: mobility() })[
        'labels'
      ] as Spec,
    );
    expect(new Set(labels.values())).toEqual(
      new Set(['unlocated', 'irregular', 'not_always_locatable', 'mobile', 'stable']),
    );
    const p1 = referenceLocations(
      data.world,
      canonical({ query_kind: 'spatial_aggregate', locations: coalesced(0) })['locations'] as Spec,
    );
    const p1Preferred = referenceLocations(
      data.world,
      canonical({ query_kind: 'spatial_aggregate', locations: majority(0, 'last', true) })[
        'locations'
      ] as Spec,
    );
    const viaFallback = [...p1].filter(
      ([sub, [loc]]) => loc!.key !== 'null' && p1Preferred.get(sub)?.[0]?.key === 'null',
    );
    expect(viaFallback.length).toBeGreaterThan(0);
    const zones = referenceResult(data.world, canonical(SPECS[0]![1]), T).map((r) => r['pcod']);
    expect(new Set(zones)).toEqual(new Set(['ZA', 'ZC', null]));
  });

  it('labelled results are non-empty for most specs (the comparisons are not vacuous)', async () => {
    let nonEmpty = 0;
    for (const [name] of SPECS) {
      const n = Number((await db.knex.raw(`SELECT count(*) AS n FROM cache.x${ids.get(name)!}`)).rows[0].n);
      if (n > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(SPECS.length - 3);
  }, 60_000);
});
