import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coalescedLocationSpec,
  Connection,
  dailyLocationSpec,
  eventCountSpec,
  flowsSpec,
  generateSynthetic,
  joinedSpatialAggregateSpec,
  labelledFlowsSpec,
  labelledSpatialAggregateSpec,
  locationVisitsSpec,
  majorityLocationSpec,
  mobilityClassificationSpec,
  provisionAccess,
  spatialAggregateSpec,
  waitForIngest,
  type AggregationUnit,
  type QuerySpec,
} from '@flowdeck/client';
import { parseQuerySpec } from '@flowdeck/queries';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { rowsDiff } from '../src/reference-compare.js';
import { referenceResult, type RefWorld } from '../src/reference-kinds.js';
import { syntheticWorld } from '../src/reference-synthetic.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Issue 3 (visit family): the labelled aggregates and majority/coalesced locations inside Tier 1 aggregates, built
// with the client's spec builders, run through the gateway with Connection, and compared with the plain TypeScript
// references (e2e/src/reference-visits.ts) over the generated files. Four days make two two-day periods.

const SLOW = 300_000;
const T = 15;
const DAYS = ['2016-01-01', '2016-01-02', '2016-01-03', '2016-01-04'];

const visits = (p: number, method: 'last' | 'most-common', unit: AggregationUnit): QuerySpec =>
  locationVisitsSpec({
    locations: [DAYS[2 * p]!, DAYS[2 * p + 1]!].map((date) =>
      dailyLocationSpec({ date, method, aggregationUnit: unit }),
    ),
  });
const majority = (
  p: number,
  method: 'last' | 'most-common',
  unit: AggregationUnit,
  includeUnlocatable = false,
): QuerySpec =>
  majorityLocationSpec({ subscriberLocationWeights: visits(p, method, unit), includeUnlocatable });
const coalesced = (p: number, unit: AggregationUnit): QuerySpec =>
  coalescedLocationSpec({
    preferredLocation: majority(p, 'last', unit, true),
    fallbackLocation: majority(p, 'most-common', unit),
    subscriberLocationWeights: visits(p, 'most-common', unit),
    weightThreshold: 2,
  });
const labels = (unit: AggregationUnit, stay = 2): QuerySpec =>
  mobilityClassificationSpec({
    locations: [coalesced(0, unit), coalesced(1, unit)],
    stayLengthThreshold: stay,
  });

const SPECS: [string, QuerySpec][] = [
  [
    'labelled_spatial_aggregate admin1',
    labelledSpatialAggregateSpec({ locations: coalesced(1, 'admin1'), labels: labels('admin1') }),
  ],
  [
    'labelled_spatial_aggregate admin2',
    labelledSpatialAggregateSpec({ locations: coalesced(1, 'admin2'), labels: labels('admin3', 1) }),
  ],
  [
    'labelled_flows admin1',
    labelledFlowsSpec({
      fromLocation: coalesced(0, 'admin1'),
      toLocation: coalesced(1, 'admin1'),
      labels: labels('admin1'),
    }),
  ],
  [
    'labelled_flows admin1 full outer',
    labelledFlowsSpec({
      fromLocation: coalesced(0, 'admin1'),
      toLocation: coalesced(1, 'admin1'),
      labels: labels('admin2'),
      joinType: 'full outer',
    }),
  ],
  [
    'spatial_aggregate(majority_location, include_unlocatable)',
    spatialAggregateSpec({ locations: majority(0, 'last', 'admin2', true) }),
  ],
  ['spatial_aggregate(coalesced_location)', spatialAggregateSpec({ locations: coalesced(1, 'admin2') })],
  [
    'joined_spatial_aggregate(majority_location, event_count)',
    joinedSpatialAggregateSpec({
      locations: majority(1, 'most-common', 'admin2'),
      metric: eventCountSpec({ startDate: DAYS[0]!, endDate: '2016-01-05' }),
      method: 'avg',
    }),
  ],
  [
    'flows(majority_location → coalesced_location)',
    flowsSpec({ fromLocation: majority(0, 'last', 'admin1', true), toLocation: coalesced(1, 'admin1') }),
  ],
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
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-visits-'));
  await generateSynthetic(
    { nDays: DAYS.length, nSubscribers: 600, nCalls: 4000, nSms: 3000, nMds: 3000, nTopups: 600 },
    etlDir,
  );
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

describe('the visit family end to end through the gateway', () => {
  it.each(SPECS)(
    '%s returns the independently computed rows',
    async (name, spec) => {
      const id = ids.get(name)!;
      await conn.waitForQuery(id, { timeoutMs: 200_000, intervalMs: 250 });
      const rows = await conn.getResult(id);
      rowCounts.set(name, rows.length);
      const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
      const expected = referenceResult(world, canonical, T);
      expect(
        rowsDiff(rows as Record<string, unknown>[], expected, 1e-7),
      ).toEqual([]);
    },
    SLOW,
  );

  it('gets non-empty results for most specs (the comparisons are not vacuous)', () => {
    const empty = SPECS.filter(([name]) => (rowCounts.get(name) ?? 0) === 0).map(([name]) => name);
    expect(empty.length).toBeLessThanOrEqual(2);
  });
});
