import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  activeAtReferenceLocationCountsSpec,
  Connection,
  dailyLocationSpec,
  dfsMetricTotalAmountSpec,
  dummyQuerySpec,
  generateSynthetic,
  histogramAggregateSpec,
  joinedSpatialAggregateSpec,
  mostFrequentLocationSpec,
  provisionAccess,
  totalActivePeriodsSpec,
  uniqueLocationCountsSpec,
  uniqueLocationsSpec,
  uniqueSubscriberCountsSpec,
  uniqueVisitorCountsSpec,
  unmovingAtReferenceLocationCountsSpec,
  unmovingCountsSpec,
  visitedMostDaysSpec,
  waitForIngest,
  type QuerySpec,
} from '@flowdeck/client';
import { parseQuerySpec } from '@flowdeck/queries';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { rowsDiff } from '../src/reference-compare.js';
import type { DfsTransaction, DfsWorld } from '../src/reference-counts.js';
import { referenceResult } from '../src/reference-kinds.js';
import { syntheticWorld } from '../src/reference-synthetic.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Issue 3, family "counts": unique_visitor_counts, active_at_reference_location_counts,
// unmoving_at_reference_location_counts, unmoving_counts, dfs_metric_total_amount, dummy_query and the metrics
// unique_location_counts / total_active_periods, built with the client's spec builders, run through the gateway
// with Connection, and compared with e2e/src/reference-counts.ts over the synthetic files plus a few DFS
// transactions inserted as superuser. The api and engine run with NODE_ENV=test so that dummy_query exists.

const SLOW = 300_000;
const T = 15;
const DAYS = ['2016-01-01', '2016-01-02'];
const range = { startDate: '2016-01-01', endDate: '2016-01-03' };
const day1 = { startDate: '2016-01-01', endDate: '2016-01-02' };

const unique = (unit: 'admin1' | 'admin2', dates = range): QuerySpec => uniqueLocationsSpec({ ...dates, aggregationUnit: unit });
const activeAdmin2 = activeAtReferenceLocationCountsSpec({
  uniqueLocations: unique('admin2'),
  referenceLocations: mostFrequentLocationSpec({ ...range, aggregationUnit: 'admin2', eventTypes: ['calls'] }),
});

const SPECS: [string, QuerySpec][] = [
  ['active_at_reference_location_counts', activeAdmin2],
  ['unique_visitor_counts', uniqueVisitorCountsSpec({
    activeAtReferenceLocationCounts: activeAdmin2,
    uniqueSubscriberCounts: uniqueSubscriberCountsSpec({ ...range, aggregationUnit: 'admin2' }),
  })],
  ['unmoving_at_reference_location_counts', unmovingAtReferenceLocationCountsSpec({
    locations: unique('admin1', day1),
    referenceLocations: visitedMostDaysSpec({ ...range, aggregationUnit: 'admin1' }),
  })],
  ['unmoving_counts', unmovingCountsSpec({ locations: unique('admin1', day1) })],
  ['joined_spatial_aggregate(unique_location_counts)', joinedSpatialAggregateSpec({
    locations: dailyLocationSpec({ date: '2016-01-01', method: 'last', aggregationUnit: 'admin2' }),
    metric: uniqueLocationCountsSpec({ ...range, aggregationUnit: 'admin3' }),
    method: 'avg',
  })],
  ['histogram_aggregate(unique_location_counts)', histogramAggregateSpec({ metric: uniqueLocationCountsSpec({ ...day1, aggregationUnit: 'admin1' }), bins: [0, 1.5, 2.5, 10] })],
  ['histogram_aggregate(total_active_periods)', histogramAggregateSpec({
    metric: totalActivePeriodsSpec({ startDate: '2016-01-01', totalPeriods: 4, periodLength: 12, periodUnit: 'hours' }),
    bins: [0, 2.5, 3.5, 4.5],
  })],
  ['dfs_metric_total_amount', dfsMetricTotalAmountSpec({ ...range, metric: 'amount', aggregationUnit: 'admin2' })],
  ['dummy_query', dummyQuerySpec({ aggregationUnit: 'admin2', dummyParam: 'e2e' })],
];

let db: TestDatabase;
let etlDir: string;
let platform: TestPlatform;
let conn: Connection;
let world: DfsWorld;
const ids = new Map<string, string>();
const rowCounts = new Map<string, number>();

/** A few DFS transactions over the first ingested cells, inserted as the superuser (no ETL for DFS yet). */
async function insertTransactions(url: string): Promise<DfsTransaction[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cells = (await client.query('SELECT DISTINCT ON (id) id, version FROM infrastructure.cells ORDER BY id, version DESC LIMIT 6')).rows as { id: string; version: number }[];
    const party = (i: number): { cell: string; version: number } => ({ cell: cells[i % cells.length]!.id, version: cells[i % cells.length]!.version });
    const transactions: DfsTransaction[] = [
      { amount: 120, discount: 0, fee: 1.5, commission: 0.3, timestamp: '2016-01-01T09:00:00Z', parties: [party(0), party(1)] },
      { amount: 35.25, discount: 1, fee: 0.5, commission: 0.1, timestamp: '2016-01-01T18:30:00Z', parties: [party(2)] },
      { amount: 10, discount: 0, fee: 0.2, commission: 0, timestamp: '2016-01-02T07:00:00Z', parties: [party(3), party(4)] },
      { amount: 500, discount: 5, fee: 5, commission: 5, timestamp: '2016-01-03T00:00:00Z', parties: [party(5)] },
    ];
    const type = (await client.query(`INSERT INTO dfs.transaction_types (descr) VALUES ('transfer') RETURNING id`)).rows[0].id as number;
    for (const t of transactions) {
      const id = (
        await client.query('INSERT INTO dfs.transactions (amount, discount, fee, commission, transtype_id, timestamp) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
          t.amount, t.discount, t.fee, t.commission, type, t.timestamp,
        ])
      ).rows[0].id as string;
      for (const p of t.parties) {
        await client.query('INSERT INTO dfs.transactions_metadata (transaction_id, cell_id, cell_version) VALUES ($1, $2, $3)', [id, p.cell, p.version]);
      }
    }
    return transactions;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-counts-'));
  await generateSynthetic({ nDays: 2, nSubscribers: 600, nCalls: 3000, nSms: 2000, nMds: 2000, nTopups: 600 }, etlDir);
  const testEnv = { NODE_ENV: 'test' };
  platform = await startTestPlatform({ flowdbDatabase: db.name, etlDir, extraEnv: { api: testEnv, 'query-engine': testEnv } });
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
  world = { ...syntheticWorld(etlDir, DAYS), dfs: await insertTransactions(platform.flowdbUrl) };
  for (const [name, spec] of SPECS) ids.set(name, await conn.runQuery(spec));
}, SLOW);

afterAll(async () => {
  await platform?.stop();
  await db?.drop();
  if (etlDir) rmSync(etlDir, { recursive: true, force: true });
}, SLOW);

describe('the counts family end to end through the gateway', () => {
  it.each(SPECS)('%s returns the independently computed rows', async (name, spec) => {
    const id = ids.get(name)!;
    await conn.waitForQuery(id, { timeoutMs: 200_000, intervalMs: 250 });
    const rows = await conn.getResult(id);
    rowCounts.set(name, rows.length);
    const { canonical } = parseQuerySpec(spec, { redactionThreshold: T });
    expect(rowsDiff(rows as Record<string, unknown>[], referenceResult(world, canonical, T), 1e-7)).toEqual([]);
  }, SLOW);

  it('gets non-empty results for every kind but dummy_query (the comparisons are not vacuous)', () => {
    const empty = SPECS.filter(([name]) => name !== 'dummy_query' && (rowCounts.get(name) ?? 0) === 0).map(([name]) => name);
    expect(empty).toEqual([]);
  });

  it('refuses unique_visitor_counts whose two counts cover different dates', async () => {
    const spec = uniqueVisitorCountsSpec({
      activeAtReferenceLocationCounts: activeAdmin2,
      uniqueSubscriberCounts: uniqueSubscriberCountsSpec({ ...day1, aggregationUnit: 'admin2' }),
    });
    await expect(conn.runQuery(spec)).rejects.toThrow(/must have the same start_date and end_date/);
  }, SLOW);
});
