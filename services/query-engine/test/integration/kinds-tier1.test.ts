import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { referenceResult } from '../../../../e2e/src/reference-kinds.js';
import { rowsDiff } from '../../../../e2e/src/reference-compare.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { buildKindsDataset, loadKindsDataset, type KindsDataset } from '../support/kinds-dataset.js';
import { submit, testEngine, testQueue, waitForState } from '../support/engine.js';

// Every Tier 1 top-level kind (query-kinds.md §6.1), every location sub-kind (§6.2) and metric (§6.3) computed by
// the engine over a small seeded dataset and compared with the plain TypeScript reference computations of
// e2e/src/reference-kinds.ts (never with the engine's own SQL). T = 15.

const T = 15;
type Spec = Record<string, unknown>;

const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
const daily = (date: string, method = 'last', unit = 'admin3', extra: Spec = {}): Spec => ({
  query_kind: 'daily_location', date, aggregation_unit: unit, method, ...extra,
});
const modal = (unit = 'admin3'): Spec => ({ query_kind: 'modal_location', locations: [daily('2016-01-01', 'last', unit), daily('2016-01-02', 'most-common', unit)] });
const mostFrequent = (unit = 'admin3'): Spec => ({ query_kind: 'most_frequent_location', aggregation_unit: unit, ...range });
const visitedMostDays = (unit = 'admin3'): Spec => ({ query_kind: 'visited_most_days', aggregation_unit: unit, ...range });
const uniqueLocations = (unit = 'admin3'): Spec => ({ query_kind: 'unique_locations', aggregation_unit: unit, ...range });
const jsa = (metric: Spec, method: string, locations: Spec = modal()): Spec => ({ query_kind: 'joined_spatial_aggregate', locations, metric, method });

const SPECS: [string, Spec][] = [
  ['spatial_aggregate daily_location last admin3', { query_kind: 'spatial_aggregate', locations: daily('2016-01-01') }],
  ['spatial_aggregate daily_location most-common admin2 calls+sms 08-20h', {
    query_kind: 'spatial_aggregate',
    locations: daily('2016-01-02', 'most-common', 'admin2', { event_types: ['sms', 'calls'], hours: { start_hour: 8, end_hour: 20 } }),
  }],
  ['spatial_aggregate daily_location lon-lat, hours wrapping midnight', {
    query_kind: 'spatial_aggregate',
    locations: daily('2016-01-01', 'last', 'lon-lat', { hours: { start_hour: 9, end_hour: 2 } }),
  }],
  ['spatial_aggregate modal_location', { query_kind: 'spatial_aggregate', locations: modal() }],
  ['spatial_aggregate most_frequent_location', { query_kind: 'spatial_aggregate', locations: mostFrequent() }],
  ['spatial_aggregate visited_most_days', { query_kind: 'spatial_aggregate', locations: visitedMostDays() }],
  ['jsa radius_of_gyration avg', jsa({ query_kind: 'radius_of_gyration', ...range }, 'avg')],
  ['jsa event_count out median', jsa({ query_kind: 'event_count', ...range, direction: 'out' }, 'median')],
  ['jsa subscriber_degree max', jsa({ query_kind: 'subscriber_degree', ...range }, 'max')],
  ['jsa handset brand distr', jsa({ query_kind: 'handset', ...range, characteristic: 'brand' }, 'distr')],
  ['jsa handset hnd_type distr', jsa({ query_kind: 'handset', ...range }, 'distr', mostFrequent())],
  ['jsa topup_amount avg → mode', jsa({ query_kind: 'topup_amount', ...range, statistic: 'avg' }, 'mode')],
  ['jsa topup_balance max → min', jsa({ query_kind: 'topup_balance', ...range, statistic: 'max' }, 'min')],
  ['jsa nocturnal_events stddev', jsa({ query_kind: 'nocturnal_events', ...range, night_hours: { start_hour: 20, end_hour: 4 } }, 'stddev')],
  ['jsa displacement variance', jsa({ query_kind: 'displacement', ...range, statistic: 'avg', reference_location: modal('lon-lat') }, 'variance')],
  ['jsa pareto_interactions avg', jsa({ query_kind: 'pareto_interactions', ...range, proportion: 0.8 }, 'avg')],
  ['jsa event_count sum-like avg admin2', jsa({ query_kind: 'event_count', ...range, event_types: ['mds'] }, 'avg', daily('2016-01-01', 'last', 'admin2'))],
  ['flows inner daily → daily', { query_kind: 'flows', from_location: daily('2016-01-01'), to_location: daily('2016-01-02') }],
  ['flows full outer unique_locations', { query_kind: 'flows', from_location: uniqueLocations(), to_location: daily('2016-01-02'), join_type: 'full outer' }],
  ['flows left', { query_kind: 'flows', from_location: daily('2016-01-01', 'last', 'admin2'), to_location: daily('2016-01-02', 'last', 'admin2', { event_types: ['calls'] }), join_type: 'left' }],
  ['inflows', { query_kind: 'inflows', from_location: daily('2016-01-01'), to_location: daily('2016-01-02') }],
  ['outflows right', { query_kind: 'outflows', from_location: daily('2016-01-01'), to_location: visitedMostDays(), join_type: 'right outer' }],
  ['unique_subscriber_counts', { query_kind: 'unique_subscriber_counts', aggregation_unit: 'admin3', ...range }],
  ['unique_subscriber_counts lon-lat calls+sms 10-11h', {
    query_kind: 'unique_subscriber_counts', aggregation_unit: 'lon-lat', ...range, event_types: ['calls', 'sms'], hours: { start_hour: 10, end_hour: 11 },
  }],
  ['location_introversion both', { query_kind: 'location_introversion', aggregation_unit: 'admin3', ...range }],
  ['location_introversion in admin2', { query_kind: 'location_introversion', aggregation_unit: 'admin2', ...range, direction: 'in' }],
  ['total_network_objects hour', { query_kind: 'total_network_objects', aggregation_unit: 'admin3', ...range, total_by: 'hour' }],
  ['total_network_objects day lon-lat', { query_kind: 'total_network_objects', aggregation_unit: 'lon-lat', ...range }],
  ['aggregate_network_objects avg by day', {
    query_kind: 'aggregate_network_objects', statistic: 'avg', aggregate_by: 'day',
    total_network_objects: { query_kind: 'total_network_objects', aggregation_unit: 'admin3', ...range, total_by: 'hour' },
  }],
  ['aggregate_network_objects max (default month)', {
    query_kind: 'aggregate_network_objects', statistic: 'max',
    total_network_objects: { query_kind: 'total_network_objects', aggregation_unit: 'admin2', ...range },
  }],
  ['location_event_counts day', { query_kind: 'location_event_counts', aggregation_unit: 'admin3', ...range, interval: 'day' }],
  ['location_event_counts hour out', { query_kind: 'location_event_counts', aggregation_unit: 'admin3', ...range, interval: 'hour', direction: 'out' }],
  ['location_event_counts min', { query_kind: 'location_event_counts', aggregation_unit: 'admin2', ...range, interval: 'min' }],
  ['histogram_aggregate n_bins', { query_kind: 'histogram_aggregate', metric: { query_kind: 'event_count', ...range }, bins: { n_bins: 3 } }],
  ['histogram_aggregate bin_list', { query_kind: 'histogram_aggregate', metric: { query_kind: 'event_count', ...range }, bins: { bin_list: [0, 8, 11, 14, 40] } }],
  ['histogram_aggregate n_bins + range (censored)', {
    query_kind: 'histogram_aggregate', metric: { query_kind: 'radius_of_gyration', ...range }, bins: { n_bins: 10 }, range: { lower_bound: 0, upper_bound: 500 },
  }],
  ['geography admin3', { query_kind: 'geography', aggregation_unit: 'admin3' }],
  ['geography admin2', { query_kind: 'geography', aggregation_unit: 'admin2' }],
  ['trips_od_matrix', { query_kind: 'trips_od_matrix', aggregation_unit: 'admin3', ...range }],
  ['consecutive_trips_od_matrix', { query_kind: 'consecutive_trips_od_matrix', aggregation_unit: 'admin2', ...range }],
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
  data = buildKindsDataset();
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

describe('every Tier 1 kind against the reference computations', () => {
  it.each(SPECS)('%s', async (name, spec) => {
    const id = ids.get(name)!;
    const row = await waitForState(db.knex, id, ['completed', 'errored', 'cancelled'], 90_000);
    expect([row['state'], row['message']]).toEqual(['completed', null]);
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    const expected = referenceResult(data.world, canonical, T);
    const actual = (await apiDb.raw(`SELECT * FROM cache.x${id}`)).rows as Record<string, unknown>[];
    expect(rowsDiff(actual, expected, 1e-7)).toEqual([]);
    // Exposed tables carry exactly the output columns of query-kinds.md §6.1.
    if (expected.length > 0 && actual.length > 0) expect(Object.keys(actual[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
  }, 100_000);

  it('produces some unredacted rows for most kinds (the dataset straddles T)', async () => {
    let nonEmpty = 0;
    for (const [name] of SPECS) {
      const n = Number((await db.knex.raw(`SELECT count(*) AS n FROM cache.x${ids.get(name)!}`)).rows[0].n);
      if (n > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(SPECS.length - 4);
  }, 60_000);
});
