import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aggregateNetworkObjectsSpec,
  consecutiveTripsOdMatrixSpec,
  Connection,
  dailyLocationSpec,
  displacementSpec,
  eventCountSpec,
  flowsSpec,
  generateSynthetic,
  geographySpec,
  handsetSpec,
  histogramAggregateSpec,
  inflowsSpec,
  joinedSpatialAggregateSpec,
  locationEventCountsSpec,
  locationIntroversionSpec,
  modalLocationSpec,
  mostFrequentLocationSpec,
  nocturnalEventsSpec,
  outflowsSpec,
  paretoInteractionsSpec,
  provisionAccess,
  radiusOfGyrationSpec,
  spatialAggregateSpec,
  subscriberDegreeSpec,
  topupAmountSpec,
  topupBalanceSpec,
  totalNetworkObjectsSpec,
  tripsOdMatrixSpec,
  uniqueLocationsSpec,
  uniqueSubscriberCountsSpec,
  visitedMostDaysSpec,
  waitForIngest,
  type QuerySpec,
} from '@flowdeck/client';
import { parseQuerySpec } from '@flowdeck/queries';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { rowsDiff } from '../src/reference-compare.js';
import { referenceResult, type RefWorld } from '../src/reference-kinds.js';
import { syntheticWorld } from '../src/reference-synthetic.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Issue 3/4: every Tier 1 top-level kind, built with the client's spec builders, run through the gateway with
// Connection, and compared with plain TypeScript computations over the generated files (e2e/src/reference-*.ts).
// Distances (radius_of_gyration, displacement) use the reference's haversine on PostGIS's sphere: compared with a
// relative tolerance of 1e-7; everything else is exact up to float rounding.

const SLOW = 300_000;
const T = 15;
const DAYS = ['2016-01-01', '2016-01-02'];
const range = { startDate: '2016-01-01', endDate: '2016-01-03' };

const day1 = dailyLocationSpec({ date: '2016-01-01', method: 'last', aggregationUnit: 'admin2' });
const day2 = dailyLocationSpec({ date: '2016-01-02', method: 'most-common', aggregationUnit: 'admin2' });
const modal = modalLocationSpec({ locations: [day1, day2] });
const modalLonLat = modalLocationSpec({
  locations: DAYS.map((date) => dailyLocationSpec({ date, method: 'last', aggregationUnit: 'lon-lat' })),
});
const jsa = (metric: QuerySpec, method: Parameters<typeof joinedSpatialAggregateSpec>[0]['method'] = 'avg'): QuerySpec =>
  joinedSpatialAggregateSpec({ locations: modal, metric, method });

const SPECS: [string, QuerySpec][] = [
  ['spatial_aggregate(daily_location admin3)', spatialAggregateSpec({ locations: dailyLocationSpec({ date: '2016-01-01', method: 'last', aggregationUnit: 'admin3' }) })],
  ['spatial_aggregate(modal_location)', spatialAggregateSpec({ locations: modal })],
  ['spatial_aggregate(most_frequent_location)', spatialAggregateSpec({ locations: mostFrequentLocationSpec({ ...range, aggregationUnit: 'admin2', eventTypes: ['calls', 'sms'] }) })],
  ['spatial_aggregate(visited_most_days)', spatialAggregateSpec({ locations: visitedMostDaysSpec({ ...range, aggregationUnit: 'admin2' }) })],
  ['joined_spatial_aggregate(radius_of_gyration)', jsa(radiusOfGyrationSpec(range))],
  ['joined_spatial_aggregate(event_count)', jsa(eventCountSpec({ ...range, direction: 'out' }), 'median')],
  ['joined_spatial_aggregate(subscriber_degree)', jsa(subscriberDegreeSpec(range), 'max')],
  ['joined_spatial_aggregate(handset)', jsa(handsetSpec({ ...range, characteristic: 'brand' }), 'distr')],
  ['joined_spatial_aggregate(topup_amount)', jsa(topupAmountSpec({ ...range, statistic: 'sum' }), 'avg')],
  ['joined_spatial_aggregate(topup_balance)', jsa(topupBalanceSpec({ ...range, statistic: 'median' }), 'min')],
  ['joined_spatial_aggregate(nocturnal_events)', jsa(nocturnalEventsSpec({ ...range, hours: [20, 4] }), 'stddev')],
  ['joined_spatial_aggregate(displacement)', jsa(displacementSpec({ ...range, statistic: 'avg', referenceLocation: modalLonLat }), 'variance')],
  ['joined_spatial_aggregate(pareto_interactions)', jsa(paretoInteractionsSpec({ ...range, proportion: 0.8 }), 'avg')],
  ['flows', flowsSpec({ fromLocation: day1, toLocation: day2 })],
  ['inflows', inflowsSpec({ fromLocation: day1, toLocation: day2, joinType: 'full outer' })],
  ['outflows', outflowsSpec({ fromLocation: uniqueLocationsSpec({ ...range, aggregationUnit: 'admin2' }), toLocation: day2 })],
  ['unique_subscriber_counts', uniqueSubscriberCountsSpec({ ...range, aggregationUnit: 'admin2', hours: [8, 20] })],
  ['location_introversion', locationIntroversionSpec({ ...range, aggregationUnit: 'admin1' })],
  ['total_network_objects', totalNetworkObjectsSpec({ ...range, aggregationUnit: 'admin2', totalBy: 'hour' })],
  ['aggregate_network_objects', aggregateNetworkObjectsSpec({
    totalNetworkObjects: totalNetworkObjectsSpec({ ...range, aggregationUnit: 'admin2', totalBy: 'hour' }), statistic: 'avg', aggregateBy: 'day',
  })],
  ['location_event_counts', locationEventCountsSpec({ ...range, aggregationUnit: 'admin1', countInterval: 'hour', direction: 'both' })],
  ['histogram_aggregate', histogramAggregateSpec({ metric: eventCountSpec(range), bins: 4 })],
  ['geography', geographySpec({ aggregationUnit: 'admin2' })],
  ['trips_od_matrix', tripsOdMatrixSpec({ ...range, aggregationUnit: 'admin1' })],
  ['consecutive_trips_od_matrix', consecutiveTripsOdMatrixSpec({ ...range, aggregationUnit: 'admin1' })],
];

let db: TestDatabase;
let etlDir: string;
let platform: TestPlatform;
let conn: Connection;
let world: RefWorld;
const ids = new Map<string, string>();
const rowCounts = new Map<string, number>();

beforeAll(async () => {
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-kinds-'));
  await generateSynthetic({ nDays: 2, nSubscribers: 600, nCalls: 3000, nSms: 2000, nMds: 2000, nTopups: 600 }, etlDir);
  platform = await startTestPlatform({ flowdbDatabase: db.name, etlDir });
  await waitForIngest({ databaseUrl: platform.flowdbUrl, etlDir, timeoutMs: 180_000 });
  const gateway = `https://localhost:${platform.options.ports.gatewayApi}`;
  const access = await provisionAccess({
    authUrl: `https://localhost:${platform.options.ports.gatewayAuth}`,
    apiUrl: gateway,
    ca: platform.ca,
    adminUsername: platform.secrets.read('FLOWAUTH_ADMIN_USERNAME'),
    adminPassword: platform.secrets.read('FLOWAUTH_ADMIN_PASSWORD'),
    roleName: 'analyst',
  });
  conn = new Connection(gateway, access.token, { ca: platform.ca });
  world = syntheticWorld(etlDir, DAYS);
  for (const [name, spec] of SPECS) ids.set(name, await conn.runQuery(spec));
}, SLOW);

afterAll(async () => {
  await platform?.stop();
  await db?.drop();
  if (etlDir) rmSync(etlDir, { recursive: true, force: true });
}, SLOW);

describe('every Tier 1 kind end to end through the gateway', () => {
  it.each(SPECS)('%s returns the independently computed rows', async (name, spec) => {
    const id = ids.get(name)!;
    await conn.waitForQuery(id, { timeoutMs: 200_000, intervalMs: 250 });
    const rows = await conn.getResult(id);
    rowCounts.set(name, rows.length);
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    expect(rowsDiff(rows as Record<string, unknown>[], referenceResult(world, canonical, T), 1e-7)).toEqual([]);
  }, SLOW);

  it('gets non-empty, non-censored results for nearly every kind (the comparisons are not vacuous)', () => {
    const empty = SPECS.filter(([name]) => (rowCounts.get(name) ?? 0) === 0).map(([name]) => name);
    expect(empty.length).toBeLessThanOrEqual(3);
  });

  it('returns the same rows again for an identical run (runAndGet, served from the cache)', async () => {
    const [name, spec] = SPECS[0]!;
    const rows = await conn.runAndGet(spec, { timeoutMs: 60_000, intervalMs: 250 });
    expect(await conn.runQuery(spec)).toBe(ids.get(name));
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    const expected = referenceResult(world, canonical, T);
    expect(expected.length).toBeGreaterThan(5);
    expect(rowsDiff(rows as Record<string, unknown>[], expected)).toEqual([]);
  }, SLOW);
});
