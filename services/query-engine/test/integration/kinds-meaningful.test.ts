import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { referenceResult } from '../../../../e2e/src/reference-kinds.js';
import { rowsDiff } from '../../../../e2e/src/reference-compare.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { loadKindsDataset } from '../support/kinds-dataset.js';
import { buildMeaningfulDataset } from '../support/meaningful-dataset.js';
import { submit, testEngine, testQueue, waitForState } from '../support/engine.js';

// The meaningful-locations kinds (query-kinds.md §6.1) computed by the engine over a week of the kinds dataset and
// compared with the plain TypeScript reference (e2e/src/reference-meaningful.ts). T = 15.

const T = 15;
type Spec = Record<string, unknown>;

/** FlowKit's default EventScore scores. */
const HOURS = [-1, -1, -1, -1, -1, -1, -1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, -1, -1, -1];
const DOW = { monday: 1, tuesday: 1, wednesday: 1, thursday: 0, friday: -1, saturday: -1, sunday: -1 };
// Boundaries at x = 0.3141 (no mean of a few hour scores lands there) and y = 0 (day-of-week means of exactly 0
// fall on it and are therefore `unknown`). `day` has an unclosed ring, as FlowKit's examples.
const LABELS = {
  day: { type: 'Polygon', coordinates: [[[0.3141, -1.01], [0.3141, 1.01], [1.01, 1.01], [1.01, -1.01]]] },
  evening: {
    type: 'MultiPolygon',
    coordinates: [
      [[[-1.01, 0], [-1.01, 1.01], [0.3141, 1.01], [0.3141, 0], [-1.01, 0]]],
      [[[-1.01, -1.01], [-1.01, 0], [0.3141, 0], [0.3141, -1.01], [-1.01, -1.01]]],
    ],
  },
};
const common = { labels: LABELS, tower_day_of_week_scores: DOW, tower_hour_of_day_scores: HOURS };
const week = { start_date: '2016-01-04', end_date: '2016-01-11' };
const aggregate = (label: string, extra: Spec = {}): Spec => ({
  query_kind: 'meaningful_locations_aggregate', aggregation_unit: 'admin3', ...week, label, ...common, ...extra,
});

const SPECS: [string, Spec][] = [
  ['aggregate day admin3, default radius', aggregate('day')],
  ['aggregate day admin3, 60 km clusters', aggregate('day', { tower_cluster_radius: 60 })],
  ['aggregate evening admin2, call threshold 3, calls+sms', aggregate('evening', { aggregation_unit: 'admin2', tower_cluster_call_threshold: 3, event_types: ['calls', 'sms'] })],
  ['aggregate unknown admin3, 06-22h', aggregate('unknown', { hours: { start_hour: 6, end_hour: 22 } })],
  ['between labels day → day, 60 km, call threshold 4', {
    query_kind: 'meaningful_locations_between_label_od_matrix', aggregation_unit: 'admin3', ...week, label_a: 'day', label_b: 'day', ...common,
    tower_cluster_radius: 60, tower_cluster_call_threshold: 4,
  }],
  ['between labels day → evening admin2', { query_kind: 'meaningful_locations_between_label_od_matrix', aggregation_unit: 'admin2', ...week, label_a: 'day', label_b: 'evening', ...common }],
  ['between dates day, first half → second half', {
    query_kind: 'meaningful_locations_between_dates_od_matrix', aggregation_unit: 'admin3',
    start_date_a: '2016-01-04', end_date_a: '2016-01-07', start_date_b: '2016-01-07', end_date_b: '2016-01-11', label: 'day', ...common,
    tower_cluster_call_threshold: 2,
  }],
];

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;
const data = buildMeaningfulDataset();
const ids = new Map<string, string>();

beforeAll(async () => {
  db = await createTestDatabase();
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

describe('meaningful-locations kinds against the reference computations', () => {
  it.each(SPECS)('%s', async (name, spec) => {
    const id = ids.get(name)!;
    const row = await waitForState(db.knex, id, ['completed', 'errored', 'cancelled'], 90_000);
    expect([row['state'], row['message']]).toEqual(['completed', null]);
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    const expected = referenceResult(data.world, canonical, T);
    const actual = (await apiDb.raw(`SELECT * FROM cache.x${id}`)).rows as Record<string, unknown>[];
    expect(rowsDiff(actual, expected, 1e-7)).toEqual([]);
    if (expected.length > 0 && actual.length > 0) expect(Object.keys(actual[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
  }, 100_000);

  it('straddles T: rows are kept and rows are dropped', () => {
    let kept = 0;
    let dropped = 0;
    for (const [, spec] of SPECS) {
      const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
      const all = referenceResult(data.world, canonical, 0).length;
      const exposed = referenceResult(data.world, canonical, T).length;
      kept += exposed;
      dropped += all - exposed;
    }
    expect(kept).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
  });

  it('reads the dates of both periods of a between-dates matrix', async () => {
    const id = ids.get('between dates day, first half → second half')!;
    const sql = "SELECT DISTINCT to_char(cdr_date, 'YYYY-MM-DD') AS day FROM cache.date_dependencies WHERE query_id = ? ORDER BY day";
    const days = (await db.knex.raw(sql, [id])).rows as { day: string }[];
    expect(days.map((d) => d.day)).toEqual([
      '2016-01-04', '2016-01-05', '2016-01-06', '2016-01-07', '2016-01-08', '2016-01-09', '2016-01-10',
    ]);
  });
});
