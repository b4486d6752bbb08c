import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Connection,
  generateSynthetic,
  meaningfulLocationsAggregate,
  meaningfulLocationsAggregateSpec,
  meaningfulLocationsBetweenDatesOdMatrixSpec,
  meaningfulLocationsBetweenLabelOdMatrixSpec,
  provisionAccess,
  waitForIngest,
  type MeaningfulLocationsOptions,
  type QuerySpec,
} from '@flowdeck/client';
import { parseQuerySpec } from '@flowdeck/queries';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { readZones } from '../src/independent-aggregates.js';
import { rowsDiff } from '../src/reference-compare.js';
import { referenceResult } from '../src/reference-kinds.js';
import type { MeaningfulWorld } from '../src/reference-meaningful.js';
import { syntheticWorld } from '../src/reference-synthetic.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Issue 3, family "meaningful": the three meaningful-locations kinds built with the client's spec builders, run
// through the gateway with Connection, and compared with e2e/src/reference-meaningful.ts over the synthetic files
// (cell points from cells.csv, zone polygons from the GeoJSON). One platform start.

const SLOW = 300_000;
const T = 15;
const DAYS = ['2016-01-01', '2016-01-02', '2016-01-03'];

const options: MeaningfulLocationsOptions = {
  aggregationUnit: 'admin1',
  labels: {
    day: { type: 'Polygon', coordinates: [[[0.0001, -1.01], [0.0001, 1.01], [1.01, 1.01], [1.01, -1.01]]] },
    night: { type: 'Polygon', coordinates: [[[-1.01, -1.01], [-1.01, 1.01], [-0.0001, 1.01], [-0.0001, -1.01], [-1.01, -1.01]]] },
  },
  towerDayOfWeekScores: { monday: 1, tuesday: 1, wednesday: 1, thursday: 0, friday: -1, saturday: -1, sunday: -1 },
  towerHourOfDayScores: [-1, -1, -1, -1, -1, -1, -1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, -1, -1, -1],
};
const range = { startDate: '2016-01-01', endDate: '2016-01-04' };

const SPECS: [string, QuerySpec][] = [
  ['meaningful_locations_aggregate day admin1', meaningfulLocationsAggregateSpec({ ...options, ...range, label: 'day' })],
  ['meaningful_locations_aggregate unknown admin2, 5 km clusters', meaningfulLocationsAggregateSpec({
    ...options, ...range, label: 'unknown', aggregationUnit: 'admin2', towerClusterRadius: 5,
  })],
  ['meaningful_locations_between_label_od_matrix day → night', meaningfulLocationsBetweenLabelOdMatrixSpec({ ...options, ...range, labelA: 'day', labelB: 'night' })],
  ['meaningful_locations_between_dates_od_matrix night, day 1 → days 2-3', meaningfulLocationsBetweenDatesOdMatrixSpec({
    ...options, startDateA: '2016-01-01', endDateA: '2016-01-02', startDateB: '2016-01-02', endDateB: '2016-01-04', label: 'night', eventTypes: ['calls', 'sms'],
  })],
];

let db: TestDatabase;
let etlDir: string;
let platform: TestPlatform;
let conn: Connection;
let world: MeaningfulWorld;
const ids = new Map<string, string>();
const rowCounts = new Map<string, number>();

beforeAll(async () => {
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-meaningful-'));
  await generateSynthetic({ nDays: DAYS.length, nSubscribers: 400, nCalls: 3000, nSms: 2000, nMds: 1500, nTopups: 300 }, etlDir);
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
  world = { ...syntheticWorld(etlDir, DAYS), zoneGeometries: (unit) => readZones(etlDir, Number(unit.slice(5))) };
  for (const [name, spec] of SPECS.slice(1)) ids.set(name, await conn.runQuery(spec));
  // The first through FlowClient's query-function form (an APIQuery on the connection).
  const [firstName, firstSpec] = SPECS[0]!;
  const query = meaningfulLocationsAggregate({ connection: conn, ...options, ...range, label: 'day' });
  expect(query.parameters).toEqual(firstSpec);
  ids.set(firstName, await query.run());
}, SLOW);

afterAll(async () => {
  await platform?.stop();
  await db?.drop();
  if (etlDir) rmSync(etlDir, { recursive: true, force: true });
}, SLOW);

describe('the meaningful-locations family end to end through the gateway', () => {
  it.each(SPECS)('%s returns the independently computed rows', async (name, spec) => {
    const id = ids.get(name)!;
    await conn.waitForQuery(id, { timeoutMs: 200_000, intervalMs: 250 });
    const rows = await conn.getResult(id);
    rowCounts.set(name, rows.length);
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    expect(rowsDiff(rows as Record<string, unknown>[], referenceResult(world, canonical, T), 1e-7)).toEqual([]);
  }, SLOW);

  it('straddles T (rows kept and rows dropped) so the comparisons are not vacuous', () => {
    let dropped = 0;
    for (const [, spec] of SPECS) {
      const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
      dropped += referenceResult(world, canonical, 0).length - referenceResult(world, canonical, T).length;
    }
    expect([...rowCounts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
  });

  it('refuses a label that is not among the labels with a 400 naming it', async () => {
    await expect(conn.runQuery(meaningfulLocationsAggregateSpec({ ...options, ...range, label: 'work' }))).rejects.toThrow(/label.*Must be one of: day, night, unknown\./s);
  }, SLOW);
});
