import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createLogger } from '@flowdeck/log';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisOptions, testRedisPrefix } from '../../../../test-support/redis.js';
import { generateSynthetic } from '../../../../packages/client/src/synth/generate.js';
import { loadSourceDefinitions } from '../../src/adapters/fs/source-definitions.js';
import { createIngestQueue, type IngestQueue } from '../../src/adapters/redis/ingest-queue.js';
import { LeaseStore } from '../../src/adapters/redis/lease-store.js';
import { dropDay, ingestStatus, requestIngest } from '../../src/etl-control.js';
import { IngestScheduler } from '../../src/workers/ingest-scheduler.js';
import { IngestWorker } from '../../src/workers/ingest-worker.js';

const SMALL = { nSubscribers: 200, nSites: 20, nCells: 60, nDays: 2, nCalls: 300, nSms: 200, nMds: 100, nTopups: 50, nTacs: 30 };
const log = createLogger({ service: 'etl-test', level: 'silent' });
const TERMINAL = ['ingested', 'failed', 'quarantined', 'dropped'];

let db: TestDatabase;
let src: string;
let dir: string;
let cfg: string;
let prefix: string;
let redis: Redis;
let queue: IngestQueue;
let worker: IngestWorker;
let scheduler: IngestScheduler;

async function latest(type: string, date: string): Promise<{ state: string; message: string | null; row_count: string | null } | undefined> {
  return db.knex('etl.etl_records').where({ cdr_type: type, cdr_date: date }).orderBy('id', 'desc').first('state', 'message', 'row_count');
}
async function waitTerminal(type: string, date: string, timeoutMs = 60_000): Promise<{ state: string; message: string | null; row_count: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await latest(type, date);
    if (r && TERMINAL.includes(r.state)) return r;
    if (Date.now() > deadline) throw new Error(`${type} ${date} still ${r?.state ?? 'unrecorded'}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
const exists = async (name: string): Promise<boolean> =>
  ((await db.knex.raw('SELECT to_regclass(?) IS NOT NULL AS e', [name])) as { rows: { e: boolean }[] }).rows[0]!.e;
const count = async (sql: string): Promise<number> => Number(((await db.knex.raw(sql)) as { rows: { n: string }[] }).rows[0]!.n);
const old = new Date(Date.now() - 3_600_000);

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testRedisPrefix();
  redis = new Redis(testRedisOptions);
  src = await mkdtemp(join(tmpdir(), 'flowdeck-etl-src-'));
  dir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-batch-'));
  cfg = await mkdtemp(join(tmpdir(), 'flowdeck-etl-cfg-'));
  await generateSynthetic(SMALL, src);
  await mkdir(join(dir, 'infrastructure'));
  for (const f of ['sites.csv', 'cells.csv', 'tacs.csv']) await copyFile(join(src, 'infrastructure', f), join(dir, 'infrastructure', f));
  const text = (name: string): Promise<string> => readFile(join(src, name)).then((b) => gunzipSync(b).toString('utf8'));

  // Good days.
  await copyFile(join(src, 'calls_20160101.csv.gz'), join(dir, 'calls_20160101.csv.gz'));
  await copyFile(join(src, 'topups_20160101.csv.gz'), join(dir, 'topups_20160101.csv.gz'));
  // Truncated gzip.
  const sms = await readFile(join(src, 'sms_20160101.csv.gz'));
  await writeFile(join(dir, 'sms_20160101.csv.gz'), sms.subarray(0, Math.floor(sms.length / 2)));
  // Wrong column count (one row with an extra field).
  const mds = (await text('mds_20160101.csv.gz')).split('\n');
  mds[7] = `${mds[7]},surplus`;
  await writeFile(join(dir, 'mds_20160101.csv'), mds.join('\n'));
  // Unparsable timestamp (fast path: COPY rejects it).
  const calls2 = (await text('calls_20160102.csv.gz')).split('\n');
  calls2[3] = calls2[3]!.replace(/2016-01-02T[0-9:]+\+00:00/, 'sometime on Saturday');
  await writeFile(join(dir, 'calls_20160102.csv'), calls2.join('\n'));
  // Dates outside the day.
  const sms2 = (await text('sms_20160102.csv.gz')).split('\n');
  sms2[4] = sms2[4]!.replace('2016-01-02T', '2016-01-05T');
  await writeFile(join(dir, 'sms_20160102.csv.gz'), gzipSync(sms2.join('\n')));
  // Empty file.
  await writeFile(join(dir, 'mds_20160102.csv'), '');
  // Duplicate file: the bytes of topups 2016-01-01 under the name of 2016-01-02.
  await copyFile(join(src, 'topups_20160101.csv.gz'), join(dir, 'topups_20160102.csv.gz'));
  // Duplicate file: two files for one day.
  await writeFile(join(dir, 'calls_20160103.csv'), 'id,outgoing,datetime,msisdn\n1,true,2016-01-03T01:00:00+00:00,a\n');
  await writeFile(join(dir, 'calls_20160103.csv.gz'), gzipSync('id,outgoing,datetime,msisdn\n1,true,2016-01-03T02:00:00+00:00,a\n'));
  // Mapping path: forwards as pipe-separated files, one row per call, compact timestamps; one bad timestamp on day 2.
  await writeFile(
    join(cfg, 'forwards.json'),
    JSON.stringify({
      cdrType: 'forwards',
      filePattern: '^FWD_(?<date>\\d{4}-\\d{2}-\\d{2})\\.psv$',
      csv: { delimiter: '|', header: true, quote: '"' },
      mode: 'one_row_per_call',
      columns: { id: 'ref', datetime: { source: 'ts', timestampFormat: 'YYYYMMDDHHmmss' }, country_code: { constant: 999 } },
      caller: { msisdn: 'a', msisdn_counterpart: 'b', location_id: 'cell_a' },
      callee: { msisdn: 'b', msisdn_counterpart: 'a' },
    }),
  );
  await writeFile(join(dir, 'FWD_2016-01-01.psv'), 'ref|ts|a|b|cell_a\nr1|20160101103000|m1|m2|c1\n"r|2"|20160101235959|m3|m1|\n');
  await writeFile(join(dir, 'FWD_2016-01-02.psv'), 'ref|ts|a|b|cell_a\nr1|20160102103000|m1|m2|c1\nr2|2016-01-02 10:00|m3|m1|c2\n');
  const { readdir } = await import('node:fs/promises');
  for (const f of await readdir(dir)) if (f !== 'infrastructure') await utimes(join(dir, f), old, old);
  // Still being written: a fresh modification time.
  await copyFile(join(src, 'sms_20160102.csv.gz'), join(dir, 'sms_20160103.csv.gz.part'));

  const definitions = loadSourceDefinitions(cfg);
  queue = createIngestQueue(testRedisOptions, prefix);
  const leases = new LeaseStore(redis, prefix, 5000);
  worker = new IngestWorker({
    db: db.knex,
    etlDir: dir,
    definitions,
    leases,
    owner: 'test-worker',
    log,
    keepaliveMs: 1000,
    connection: testRedisOptions,
    prefix,
    concurrency: 1,
    leaseMs: 5000,
  });
  worker.start();
  scheduler = new IngestScheduler({ db: db.knex, dir, definitions, queue, log, intervalMs: 600_000, settleMs: 30_000, backoffMs: 100, retentionSeconds: 60 });
}, 120_000);

afterAll(async () => {
  await scheduler?.close();
  await worker?.close();
  await queue?.close();
  redis?.disconnect();
  await deleteRedisPrefix(prefix);
  await db?.drop();
  for (const d of [src, dir, cfg]) if (d) await rm(d, { recursive: true, force: true });
}, 60_000);

describe('ingest pipeline (scheduler → BullMQ job → worker)', () => {
  test('each bad input ends failed or quarantined with a reason; good days of the same batch load', async () => {
    const summary = await scheduler.scanOnce();
    expect(summary?.infrastructureError).toBeUndefined();
    expect(summary?.unsettled).toEqual([]);
    const expectations: [string, string, string, RegExp][] = [
      ['calls', '2016-01-01', 'ingested', /^$/],
      ['topups', '2016-01-01', 'ingested', /^$/],
      ['sms', '2016-01-01', 'quarantined', /^The file is not valid gzip \(truncated or corrupt\): unexpected end of file/],
      ['mds', '2016-01-01', 'quarantined', /^Rejected by COPY: extra data after last expected column \(line 8/],
      ['calls', '2016-01-02', 'quarantined', /^Rejected by COPY: invalid input syntax for type timestamp with time zone: "sometime on Saturday" \(line 4/],
      ['sms', '2016-01-02', 'quarantined', /^1 of 400 rows have a datetime outside 2016-01-02 \(UTC\); the file spans 2016-01-02T.* to 2016-01-05T/],
      ['mds', '2016-01-02', 'quarantined', /^The file is empty \(0 bytes\)\.$/],
      ['topups', '2016-01-02', 'quarantined', /^The file has the same content as topups_20160101\.csv\.gz already ingested for topups 2016-01-01 \(duplicate file\)\.$/],
      ['calls', '2016-01-03', 'quarantined', /^Duplicate file: 2 files for calls 2016-01-03 \(calls_20160103\.csv, calls_20160103\.csv\.gz\)/],
      ['forwards', '2016-01-01', 'ingested', /^$/],
      ['forwards', '2016-01-02', 'quarantined', /^line 3: unparsable timestamp '2016-01-02 10:00' in column ts for datetime \(expected format YYYYMMDDHHmmss\)\.$/],
    ];
    const got: [string, string, string, string][] = [];
    for (const [type, date] of expectations) {
      const r = await waitTerminal(type, date);
      got.push([type, date, r.state, r.message ?? '']);
    }
    for (const [i, [type, date, state, message]] of expectations.entries()) {
      expect({ type, date, state: got[i]![2] }).toEqual({ type, date, state });
      expect(got[i]![3]).toMatch(message);
    }
    // No partial partition is visible; nothing staged is left behind.
    for (const p of ['sms_20160101', 'mds_20160101', 'calls_20160102', 'sms_20160102', 'mds_20160102', 'topups_20160102', 'calls_20160103', 'forwards_20160102']) {
      expect({ p, exists: await exists(`events.${p}`) }).toEqual({ p, exists: false });
    }
    expect(await count("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'etl' AND tablename LIKE 'stage_%'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM events.calls WHERE datetime < '2016-01-02'")).toBe(600);
    // The one-row-per-call mapping gives two rows per source row, sharing id.
    const fwd = (await db.knex('events.forwards').orderBy(['id', 'outgoing']).select('id', 'outgoing', 'msisdn', 'msisdn_counterpart', 'location_id', 'country_code', db.knex.raw("to_char(datetime AT TIME ZONE 'UTC', 'HH24:MI:SS') AS t"))) as unknown[];
    expect(fwd).toEqual([
      { id: 'r1', outgoing: false, msisdn: 'm2', msisdn_counterpart: 'm1', location_id: null, country_code: '999', t: '10:30:00' },
      { id: 'r1', outgoing: true, msisdn: 'm1', msisdn_counterpart: 'm2', location_id: 'c1', country_code: '999', t: '10:30:00' },
      { id: 'r|2', outgoing: false, msisdn: 'm1', msisdn_counterpart: 'm3', location_id: null, country_code: '999', t: '23:59:59' },
      { id: 'r|2', outgoing: true, msisdn: 'm3', msisdn_counterpart: 'm1', location_id: null, country_code: '999', t: '23:59:59' },
    ]);
    // A second scan requests nothing new.
    const again = await scheduler.scanOnce();
    expect(again?.requested).toEqual([]);
  }, 120_000);

  test('a file still being written is left alone until it settles, then loads', async () => {
    const { rename } = await import('node:fs/promises');
    await rename(join(dir, 'sms_20160103.csv.gz.part'), join(dir, 'sms_20160103.csv.gz'));
    const text = gunzipSync(await readFile(join(dir, 'sms_20160103.csv.gz'))).toString('utf8').replaceAll('2016-01-02T', '2016-01-03T');
    await writeFile(join(dir, 'sms_20160103.csv.gz'), gzipSync(text));
    const s = await scheduler.scanOnce();
    expect(s?.unsettled).toEqual(['sms_20160103.csv.gz']);
    expect(await latest('sms', '2016-01-03')).toBeUndefined();
    await utimes(join(dir, 'sms_20160103.csv.gz'), old, old);
    const s2 = await scheduler.scanOnce();
    expect(s2?.requested.map((r) => `${r.cdrType} ${r.date} ${r.action}`)).toEqual(['sms 2016-01-03 queued']);
    expect(await waitTerminal('sms', '2016-01-03')).toMatchObject({ state: 'ingested', row_count: '400' });
  }, 60_000);

  test('re-ingesting a date replaces it atomically and resets cached results that depend on it', async () => {
    await db.knex('cache.queries').insert({ query_id: 'q-day1', query_kind: 'test', state: 'completed' });
    await db.knex('cache.cached').insert({ query_id: 'q-day1', tablename: 'x_q_day1' });
    await db.knex('cache.date_dependencies').insert({ query_id: 'q-day1', cdr_type: 'calls', cdr_date: '2016-01-01' });
    await db.knex('cache.queries').insert({ query_id: 'q-day2', query_kind: 'test', state: 'completed' });
    await db.knex('cache.cached').insert({ query_id: 'q-day2', tablename: 'x_q_day2' });
    await db.knex('cache.date_dependencies').insert({ query_id: 'q-day2', cdr_type: 'calls', cdr_date: '2016-01-02' });
    const before = await count('SELECT count(*) AS n FROM events.calls_20160101');
    const r = await requestIngest(db.knex, queue, { cdrType: 'calls', date: '2016-01-01' }, { backoffMs: 100 });
    expect(r).toMatchObject({ action: 'skipped', reason: 'already ingested (use reingest to replace it)' });
    const re = await requestIngest(db.knex, queue, { cdrType: 'calls', date: '2016-01-01', force: true }, { backoffMs: 100 });
    expect(re.action).toBe('queued');
    // While the job runs the previous partition stays readable with all its rows.
    while ((await latest('calls', '2016-01-01'))?.state !== 'ingested') {
      expect(await count('SELECT count(*) AS n FROM events.calls_20160101')).toBe(before);
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(await count('SELECT count(*) AS n FROM events.calls_20160101')).toBe(before);
    const states = (await db.knex('cache.queries').orderBy('query_id').select('query_id', 'state')) as unknown[];
    expect(states).toEqual([
      { query_id: 'q-day1', state: 'resetting' },
      { query_id: 'q-day2', state: 'completed' },
    ]);
  }, 60_000);

  test('drop detaches the partition, records dropped and invalidates the date; status reports it', async () => {
    await db.knex('cache.queries').where({ query_id: 'q-day1' }).update({ state: 'completed' });
    expect(await dropDay(db.knex, 'topups', '2016-01-01')).toEqual({ cdrType: 'topups', date: '2016-01-01', action: 'dropped' });
    expect(await exists('events.topups_20160101')).toBe(false);
    expect(await count("SELECT count(*) AS n FROM etl.available_dates WHERE cdr_type = 'topups'")).toBe(0);
    expect(await dropDay(db.knex, 'topups', '2016-01-01')).toMatchObject({ action: 'skipped', reason: 'already dropped' });
    const status = await ingestStatus(db.knex, { from: '2016-01-01', to: '2016-01-01' });
    expect(status.map((s) => `${s.cdrType} ${s.state} ${s.available} ${s.rowCount ?? '-'}`)).toEqual([
      'calls ingested true 600',
      'forwards ingested true 4',
      'mds quarantined false -',
      'sms quarantined false -',
      'topups dropped false -',
    ]);
  });
});
