import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { EXPECTED, loadDataset } from '../support/dataset.js';
import { spatialAggregateSpec, submit, testEngine, testQueue, waitForState } from '../support/engine.js';

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
let engine: Deps;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDataset(db.knex);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  prefix = testRedisPrefix();
  queue = testQueue(prefix);
  engine = testEngine(db.name, prefix);
  startBackground(engine);
}, 120_000);

afterAll(async () => {
  await closeDeps(engine);
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
}, 120_000);

async function counts(id: string): Promise<Record<string, number>> {
  const rows = (await db.knex(`cache.x${id}`).select('pcod', 'value')) as { pcod: string; value: number | string }[];
  return Object.fromEntries(rows.map((r) => [r.pcod, Number(r.value)]));
}

/**
 * What the ETL's ingest does for a re-ingested day (services/etl ingest-day.ts): new rows for the day, the
 * `ingested` history row and cache.invalidate_dates, in one transaction.
 */
async function reingestCalls(date: string, rows: { msisdn: string; at: string; cell: string }[]): Promise<void> {
  await db.knex.transaction(async (trx) => {
    for (const r of rows) await trx('events.calls').insert({ msisdn: r.msisdn, datetime: r.at, location_id: r.cell });
    for (const state of ['pending', 'ingesting', 'ingested']) {
      await trx('etl.etl_records').insert({ cdr_type: 'calls', cdr_date: date, state, file_name: `calls_${date.replaceAll('-', '')}.csv.gz`, row_count: rows.length });
    }
    await trx.raw('SELECT cache.invalidate_dates(?, ARRAY[?]::date[])', ['calls', date]);
  });
}

describe('re-ingesting a date', () => {
  it('resets the cached results that read it, and a re-run recomputes them on the new data', async () => {
    const id = await submit(apiDb, queue, spatialAggregateSpec('last'));
    await waitForState(db.knex, id, ['completed']);
    expect(await counts(id)).toEqual({ ZA: EXPECTED.last.ZA, ZB: EXPECTED.last.ZB });
    const graph = (await db.knex('cache.cached').select('query_id')).map((r: { query_id: string }) => r.query_id);
    expect(graph).toContain(id);

    // Three more subscribers seen in ZC: ZC goes from 15 (redacted) to 18.
    await reingestCalls('2016-01-01', [
      { msisdn: 'r1', at: '2016-01-01T15:00:00Z', cell: 'C4' },
      { msisdn: 'r2', at: '2016-01-01T15:00:00Z', cell: 'C4' },
      { msisdn: 'r3', at: '2016-01-01T15:00:00Z', cell: 'C4' },
    ]);
    // Every entry of the graph read 2016-01-01 calls: all reset (tables dropped, rows back to known).
    for (const node of graph) await waitForState(db.knex, node, ['known']);
    expect(await db.knex('cache.cached').whereIn('query_id', graph).count({ n: '*' })).toEqual([{ n: '0' }]);
    expect((await db.knex.raw('SELECT to_regclass(?) AS t', [`cache.x${id}`])).rows[0].t).toBeNull();
    const invalidated = (await engine.metrics.cacheEvictions.get()).values.find((v) => v.labels['reason'] === 'invalidated')?.value;
    expect(invalidated).toBe(graph.length);

    // The client re-submits: recomputed on the new data.
    expect(await submit(apiDb, queue, spatialAggregateSpec('last'))).toBe(id);
    await waitForState(db.knex, id, ['completed']);
    expect(await counts(id)).toEqual({ ZA: EXPECTED.last.ZA, ZB: EXPECTED.last.ZB, ZC: EXPECTED.last.ZC + 3 });
  }, 60_000);
});
