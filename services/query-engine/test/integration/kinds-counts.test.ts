import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { referenceResult } from '../../../../e2e/src/reference-kinds.js';
import type { DfsTransaction, DfsWorld } from '../../../../e2e/src/reference-counts.js';
import { rowsDiff } from '../../../../e2e/src/reference-compare.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { buildKindsDataset, loadKindsDataset } from '../support/kinds-dataset.js';
import { submit, testEngine, testQueue, waitForState } from '../support/engine.js';

// The "counts" family (query-kinds.md §6.1 unique_visitor_counts, active_at_reference_location_counts,
// unmoving_at_reference_location_counts, unmoving_counts, dfs_metric_total_amount, dummy_query; §6.3
// unique_location_counts, total_active_periods) computed by the engine over the seeded kinds dataset (four days)
// plus a few DFS transactions, and compared with e2e/src/reference-counts.ts. T = 15.

const T = 15;
type Spec = Record<string, unknown>;
const DAYS = ['2016-01-01', '2016-01-02', '2016-01-03', '2016-01-04'];

const days12 = { start_date: '2016-01-01', end_date: '2016-01-03' };
const days34 = { start_date: '2016-01-03', end_date: '2016-01-05' };
const day1 = { start_date: '2016-01-01', end_date: '2016-01-02' };
const uniqueLocations = (unit: string, dates: Spec = days34, extra: Spec = {}): Spec => ({ query_kind: 'unique_locations', aggregation_unit: unit, ...dates, ...extra });
const mostFrequent = (unit: string, dates: Spec = days12): Spec => ({ query_kind: 'most_frequent_location', aggregation_unit: unit, ...dates });
const visitedMostDays = (unit: string): Spec => ({ query_kind: 'visited_most_days', aggregation_unit: unit, ...days12 });
const daily = (date: string, unit: string, method = 'last'): Spec => ({ query_kind: 'daily_location', date, aggregation_unit: unit, method });
const modal = (unit: string): Spec => ({ query_kind: 'modal_location', locations: [daily('2016-01-01', unit), daily('2016-01-02', unit, 'most-common')] });
const active = (reference: Spec, locations: Spec): Spec => ({ query_kind: 'active_at_reference_location_counts', reference_locations: reference, unique_locations: locations });
const visitors = (unit: string, reference: Spec): Spec => ({
  query_kind: 'unique_visitor_counts',
  active_at_reference_location_counts: active(reference, uniqueLocations(unit)),
  unique_subscriber_counts: { query_kind: 'unique_subscriber_counts', aggregation_unit: unit, ...days34 },
});
const ulc = (unit: string, extra: Spec = {}): Spec => ({ query_kind: 'unique_location_counts', aggregation_unit: unit, ...days12, ...extra });
const tap = (extra: Spec): Spec => ({ query_kind: 'total_active_periods', start_date: '2016-01-01', total_periods: 4, ...extra });
const dfs = (metric: string, unit: string, dates: Spec = { start_date: '2016-01-01', end_date: '2016-01-05' }): Spec => ({
  query_kind: 'dfs_metric_total_amount', metric, aggregation_unit: unit, ...dates,
});

const SPECS: [string, Spec][] = [
  ['active_at_reference admin3 most_frequent(1-2) vs 3-4', active(mostFrequent('admin3'), uniqueLocations('admin3'))],
  ['active_at_reference admin2 modal', active(modal('admin2'), uniqueLocations('admin2'))],
  ['active_at_reference lon-lat daily', active(daily('2016-01-02', 'lon-lat'), uniqueLocations('lon-lat', { start_date: '2016-01-01', end_date: '2016-01-04' }))],
  ['unmoving_counts admin2 day 1', { query_kind: 'unmoving_counts', locations: uniqueLocations('admin2', day1) }],
  ['unmoving_counts admin3 calls+sms 10-11h', { query_kind: 'unmoving_counts', locations: uniqueLocations('admin3', days12, { event_types: ['calls', 'sms'], hours: { start_hour: 10, end_hour: 11 } }) }],
  ['unmoving_counts lon-lat day 1 10-11h', { query_kind: 'unmoving_counts', locations: uniqueLocations('lon-lat', day1, { hours: { start_hour: 10, end_hour: 11 } }) }],
  ['unmoving_at_reference admin2 visited_most_days', { query_kind: 'unmoving_at_reference_location_counts', locations: uniqueLocations('admin2', day1), reference_locations: visitedMostDays('admin2') }],
  ['unmoving_at_reference admin3 daily most-common', {
    query_kind: 'unmoving_at_reference_location_counts', locations: uniqueLocations('admin3', days12, { hours: { start_hour: 10, end_hour: 11 } }), reference_locations: daily('2016-01-01', 'admin3', 'most-common'),
  }],
  ['unique_visitor_counts admin3', visitors('admin3', mostFrequent('admin3'))],
  ['unique_visitor_counts admin2', visitors('admin2', mostFrequent('admin2', days34))],
  ['jsa unique_location_counts avg', { query_kind: 'joined_spatial_aggregate', method: 'avg', locations: mostFrequent('admin3'), metric: ulc('admin3') }],
  ['jsa unique_location_counts lon-lat mds max', { query_kind: 'joined_spatial_aggregate', method: 'max', locations: modal('admin2'), metric: ulc('lon-lat', { event_types: ['mds'] }) }],
  ['histogram unique_location_counts', { query_kind: 'histogram_aggregate', metric: ulc('admin3'), bins: { bin_list: [0, 2.5, 3.5, 5] } }],
  ['histogram total_active_periods days (all active: censored)', { query_kind: 'histogram_aggregate', metric: tap({}), bins: { bin_list: [0, 3.5, 4.5] } }],
  ['histogram total_active_periods days, topups', { query_kind: 'histogram_aggregate', metric: tap({ event_types: ['topups'] }), bins: { bin_list: [0, 2.5, 3.5, 4.5] } }],
  ['histogram total_active_periods 6 hours, sms', {
    query_kind: 'histogram_aggregate', metric: tap({ period_unit: 'hours', period_length: 6, total_periods: 8, event_types: ['sms'] }), bins: { bin_list: [0, 3.5, 9] },
  }],
  ['histogram total_active_periods 30 minutes, 10-11h', {
    query_kind: 'histogram_aggregate', metric: tap({ start_date: '2016-01-02T09:00:00', period_unit: 'minutes', period_length: 30, hours: { start_hour: 10, end_hour: 11 } }), bins: { bin_list: [0, 1.5, 4] },
  }],
  ['dfs amount admin3', dfs('amount', 'admin3')],
  ['dfs fee lon-lat', dfs('fee', 'lon-lat')],
  ['dfs commission admin2 days 2-3', dfs('commission', 'admin2', { start_date: '2016-01-02', end_date: '2016-01-04' })],
  ['dfs discount admin0', dfs('discount', 'admin0')],
  ['dummy_query', { query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'p', dummy_delay: 1 }],
];

/** A few DFS transactions over the dataset's cells (C7 v2 is the version in service in 2016; C6 has no zone). */
const TRANSACTIONS: DfsTransaction[] = [
  { amount: 100, discount: 1, fee: 2.5, commission: 0.25, timestamp: '2016-01-01T10:00:00Z', parties: [{ cell: 'C1', version: 1 }, { cell: 'C3', version: 1 }] },
  { amount: 40.5, discount: 0, fee: 1, commission: 0.1, timestamp: '2016-01-01T23:59:59Z', parties: [{ cell: 'C2', version: 1 }] },
  { amount: 7, discount: 0.5, fee: 0.2, commission: 0, timestamp: '2016-01-02T00:00:00Z', parties: [{ cell: 'C7', version: 2 }, { cell: 'C5', version: 1 }] },
  { amount: 12, discount: 0, fee: 0.3, commission: 0.05, timestamp: '2016-01-03T08:00:00Z', parties: [{ cell: 'C6', version: 1 }, { cell: 'C4', version: 1 }] },
  { amount: 5, discount: 0, fee: 0.1, commission: 0.02, timestamp: '2016-01-04T12:00:00Z', parties: [{ cell: 'C4', version: 1 }] },
  { amount: 999, discount: 9, fee: 9, commission: 9, timestamp: '2016-01-05T00:00:00Z', parties: [{ cell: 'C1', version: 1 }] },
];

async function loadTransactions(db: Knex, transactions: readonly DfsTransaction[]): Promise<void> {
  const [type] = await db('dfs.transaction_types').insert({ descr: 'transfer', user_type_a_party: 'customer', user_type_b_party: 'customer' }).returning('id');
  for (const [i, t] of transactions.entries()) {
    const [row] = await db('dfs.transactions')
      .insert({ amount: t.amount, discount: t.discount, fee: t.fee, commission: t.commission, transtype_id: type.id, timestamp: t.timestamp })
      .returning('id');
    const [subscriber] = await db('dfs.subscribers').insert({ msisdn: `d${i}` }).returning('id');
    for (const [k, p] of t.parties.entries()) {
      await db('dfs.transactions_metadata').insert({
        transaction_id: row.id, subscriber_id: subscriber.id, cell_id: p.cell, cell_version: p.version, is_outgoing: k === 0,
      });
    }
  }
}

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;
let world: DfsWorld;
const ids = new Map<string, string>();

beforeAll(async () => {
  db = await createTestDatabase();
  const data = buildKindsDataset(11, DAYS);
  await loadKindsDataset(db.knex, data);
  await loadTransactions(db.knex, TRANSACTIONS);
  world = { ...data.world, dfs: TRANSACTIONS };
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

describe('every counts-family kind against the reference computations', () => {
  it.each(SPECS)('%s', async (name, spec) => {
    const id = ids.get(name)!;
    const row = await waitForState(db.knex, id, ['completed', 'errored', 'cancelled'], 90_000);
    expect([row['state'], row['message']]).toEqual(['completed', null]);
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    const expected = referenceResult(world, canonical, T);
    const actual = (await apiDb.raw(`SELECT * FROM cache.x${id}`)).rows as Record<string, unknown>[];
    expect(rowsDiff(actual, expected, 1e-7)).toEqual([]);
    if (expected.length > 0 && actual.length > 0) expect(Object.keys(actual[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
  }, 100_000);

  it('keeps some rows and drops others for each redacted reference-count kind (the dataset straddles T)', () => {
    for (const kind of ['active_at_reference_location_counts', 'unmoving_counts', 'unmoving_at_reference_location_counts', 'unique_visitor_counts']) {
      let kept = 0;
      let dropped = 0;
      for (const [, spec] of SPECS.filter(([, s]) => s['query_kind'] === kind)) {
        const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
        const shown = referenceResult(world, canonical, T).length;
        kept += shown;
        dropped += referenceResult(world, canonical, -Infinity).length - shown;
      }
      expect([kind, kept > 0, dropped > 0]).toEqual([kind, true, true]);
    }
  });

  it('dummy_query exposes a table with no columns and no rows', async () => {
    const { rows } = await db.knex.raw(
      `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'cache' AND table_name = ?`,
      [`x${ids.get('dummy_query')!}`],
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
