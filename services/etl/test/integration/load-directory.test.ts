import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createLogger } from '@flowdeck/log';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { generateSynthetic } from '../../../../packages/client/src/synth/generate.js';
import { ingestDay } from '../../src/adapters/postgres/ingest-day.js';
import { loadDirectory } from '../../src/load-directory.js';

const SMALL = { nSubscribers: 300, nSites: 30, nCells: 90, nDays: 2, nCalls: 500, nSms: 400, nMds: 300, nTopups: 100, nTacs: 50 };
const log = createLogger({ service: 'etl-test', level: 'silent' });

let db: TestDatabase;
let dir: string;

async function fileRows(path: string): Promise<number> {
  return gunzipSync(await readFile(path)).toString('utf8').trimEnd().split('\n').length - 1;
}
async function count(sql: string, bindings: readonly (string | number)[] = []): Promise<number> {
  const { rows } = (await db.knex.raw(sql, bindings)) as { rows: { n: string }[] };
  return Number(rows[0]!.n);
}
async function states(cdrType: string, date: string): Promise<string[]> {
  const rows = (await db.knex('etl.etl_records').select('state').where({ cdr_type: cdrType, cdr_date: date }).orderBy('id')) as { state: string }[];
  return rows.map((r) => r.state);
}
const partitionExists = async (name: string): Promise<boolean> => {
  const { rows } = (await db.knex.raw('SELECT to_regclass(?) IS NOT NULL AS e', [name])) as { rows: { e: boolean }[] };
  return rows[0]!.e;
};

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-'));
  await generateSynthetic(SMALL, dir);
}, 120_000);

afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('loadDirectory with synthetic data', () => {
  test('loads infrastructure, geography and every day', async () => {
    const summary = await loadDirectory(db.knex, dir, { log });
    expect(summary.counts).toEqual({ ingested: 8, failed: 0, quarantined: 0, skipped: 0 });
    expect(summary.infrastructure).toMatchObject({ sites: 30, cells: 90, tacs: 50, admin0: 1, admin1: 5, admin2: 20, admin3: 80 });
    expect(summary.infrastructure?.cellAdmin).toEqual({ cells: 90, located: 90 });
  }, 120_000);

  test('partitions hold exactly the rows of their files and are visible through the parents', async () => {
    for (const type of ['calls', 'sms', 'mds', 'topups']) {
      for (const day of ['20160101', '20160102']) {
        const expected = await fileRows(join(dir, `${type}_${day}.csv.gz`));
        expect({ type, day, n: await count(`SELECT count(*) AS n FROM events.${type}_${day}`) }).toEqual({ type, day, n: expected });
      }
    }
    const viaParent = await count(
      "SELECT count(*) AS n FROM events.calls WHERE datetime >= '2016-01-01 00:00:00+00' AND datetime < '2016-01-02 00:00:00+00'",
    );
    expect(viaParent).toBe(await fileRows(join(dir, 'calls_20160101.csv.gz')));
    const { rows } = (await db.knex.raw(
      "SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE c.oid = 'events.calls_20160101'::regclass",
    )) as { rows: { bound: string }[] };
    expect(rows[0]!.bound).toBe("FOR VALUES FROM ('2016-01-01 00:00:00+00') TO ('2016-01-02 00:00:00+00')");
    const indexes = await count("SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'events' AND tablename = 'calls_20160101'");
    expect(indexes).toBe(5);
  });

  test('etl.etl_records history, availability, location ids and QA rows', async () => {
    expect(await states('calls', '2016-01-01')).toEqual(['pending', 'ingesting', 'ingested']);
    const ingested = await db.knex('etl.etl_records').where({ cdr_type: 'mds', cdr_date: '2016-01-02', state: 'ingested' }).first();
    expect(ingested).toMatchObject({ file_name: 'mds_20160102.csv.gz', row_count: '300' });
    expect(ingested.file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await count('SELECT count(*) AS n FROM etl.available_dates')).toBe(8);
    expect(await count("SELECT count(*) AS n FROM events.location_ids WHERE cdr_type = 'calls'")).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM events.location_ids l WHERE NOT EXISTS (SELECT 1 FROM infrastructure.cells c WHERE c.id = l.location_id)')).toBe(0);
    const qa = (await db
      .knex('etl.deduped_post_etl_queries')
      .where({ cdr_type: 'calls', cdr_date: '2016-01-01' })
      .select('type_of_query_or_check', 'outcome')) as { type_of_query_or_check: string; outcome: string }[];
    const byName = Object.fromEntries(qa.map((q) => [q.type_of_query_or_check, q.outcome]));
    expect(byName).toMatchObject({
      count_added_rows: '1000',
      count_added_rows_outgoing: '500',
      count_duplicated: '0',
      count_duplicates: '0',
      count_null_location_ids: '0',
      count_locatable_events: '1000',
    });
    expect(Number(byName.count_msisdns)).toBeGreaterThan(0);
    expect(byName.earliest_timestamp).toMatch(/^2016-01-01 /);
    expect(byName.latest_timestamp).toMatch(/^2016-01-01 /);
    expect(Object.keys(byName)).toHaveLength(24);
  });

  test('geography.cell_admin maps every cell to one admin3 zone, consistent with the polygons', async () => {
    expect(await count('SELECT count(*) AS n FROM geography.cell_admin WHERE admin3pcod IS NULL')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM (SELECT location_id FROM geography.cell_admin GROUP BY location_id HAVING count(*) > 1) d')).toBe(0);
    const inconsistent = await count(`
      SELECT count(*) AS n
      FROM geography.cell_admin ca
      JOIN infrastructure.cells c ON c.id = ca.location_id AND c.version = ca.version
      JOIN geography.admin3 a ON a.admin3pcod = ca.admin3pcod
      WHERE NOT ST_Contains(a.geom, c.geom_point) OR left(ca.admin3pcod, 7) <> ca.admin2pcod`);
    expect(inconsistent).toBe(0);
    expect(await count('SELECT count(*) AS n FROM geography.admin3 WHERE NOT ST_IsValid(geom)')).toBe(0);
    const { rows } = (await db.knex.raw('SELECT round(sum(ST_Area(geom))::numeric, 6) AS a3, (SELECT round(ST_Area(geom)::numeric, 6) FROM geography.admin0) AS a0 FROM geography.admin3')) as {
      rows: { a3: string; a0: string }[];
    };
    expect(rows[0]!.a3).toBe(rows[0]!.a0);
  });

  test('a second scan skips everything already ingested', async () => {
    const first = await loadDirectory(db.knex, dir, { log });
    const again = await loadDirectory(db.knex, dir, { log, infrastructureFingerprint: first.infrastructureFingerprint });
    expect(again.counts).toEqual({ ingested: 0, failed: 0, quarantined: 0, skipped: 8 });
    expect(again.infrastructure).toBeUndefined();
  });

  test('re-ingesting a day replaces its partition without duplicates', async () => {
    const before = await count('SELECT count(*) AS n FROM events.sms_20160101');
    const r = await ingestDay(db.knex, { cdrType: 'sms', date: '2016-01-01', filePath: join(dir, 'sms_20160101.csv.gz'), log, jobId: 'job-1' });
    expect(r).toMatchObject({ state: 'ingested', rowCount: before, partition: 'events.sms_20160101' });
    expect(await count('SELECT count(*) AS n FROM events.sms_20160101')).toBe(before);
    expect(await count("SELECT count(*) AS n FROM events.sms WHERE datetime >= '2016-01-01' AND datetime < '2016-01-02'")).toBe(before);
    expect(await states('sms', '2016-01-01')).toEqual(['pending', 'ingesting', 'ingested', 'pending', 'ingesting', 'ingested']);
    expect(await count("SELECT count(*) AS n FROM etl.etl_records WHERE job_id = 'job-1'")).toBe(3);
    expect(await count("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'etl' AND tablename LIKE 'stage_%'")).toBe(0);
  });
});

describe('rejected files', () => {
  let badDir: string;
  beforeAll(async () => {
    badDir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-bad-'));
    await mkdir(join(badDir, 'infrastructure'));
    await copyFile(join(dir, 'infrastructure', 'cells.csv'), join(badDir, 'infrastructure', 'cells.csv'));
    // Day 3 (new to this database): one row dated the next day. Day 4: a good file.
    const text = gunzipSync(await readFile(join(dir, 'calls_20160102.csv.gz'))).toString('utf8');
    const day3 = text.replaceAll('2016-01-02T', '2016-01-03T');
    const lines = day3.trimEnd().split('\n');
    lines[5] = lines[5]!.replace('2016-01-03T', '2016-01-04T');
    await writeFile(join(badDir, 'calls_20160103.csv.gz'), gzipSync(`${lines.join('\n')}\n`));
    await writeFile(join(badDir, 'calls_20160104.csv.gz'), gzipSync(text.replaceAll('2016-01-02T', '2016-01-04T')));
    await writeFile(join(badDir, 'sms_20160104.csv'), 'id,outgoing,datetime,colour,msisdn\n1,true,2016-01-04T00:00:00+00:00,red,abc\n');
    await writeFile(join(badDir, 'mds_20160104.csv'), 'id,datetime,duration,msisdn\n1,2016-01-04T00:00:00+00:00,not-a-number,abc\n');
  });
  afterAll(async () => {
    if (badDir) await rm(badDir, { recursive: true, force: true });
  });

  test('a file with a datetime outside its day is quarantined; the other day loads', async () => {
    const summary = await loadDirectory(db.knex, badDir, { log });
    const byFile = Object.fromEntries(summary.files.map((f) => [f.fileName, f]));
    expect(byFile['calls_20160103.csv.gz']).toMatchObject({ outcome: 'quarantined' });
    expect(byFile['calls_20160103.csv.gz']!.message).toMatch(
      /^1 of 1000 rows have a datetime outside 2016-01-03 \(UTC\); the file spans 2016-01-03T\d\d:\d\d:\d\dZ to 2016-01-04T\d\d:\d\d:\d\dZ\.$/,
    );
    expect(byFile['calls_20160104.csv.gz']).toMatchObject({ outcome: 'ingested', rowCount: 1000 });
    expect(byFile['sms_20160104.csv']).toMatchObject({ outcome: 'quarantined' });
    expect(byFile['sms_20160104.csv']!.message).toMatch(/Unknown column\(s\) in the header: colour/);
    expect(byFile['mds_20160104.csv']).toMatchObject({ outcome: 'quarantined' });
    expect(byFile['mds_20160104.csv']!.message).toMatch(/^Rejected by COPY: invalid input syntax for type numeric: "not-a-number"/);

    expect(await partitionExists('events.calls_20160103')).toBe(false);
    expect(await partitionExists('events.calls_20160104')).toBe(true);
    expect(await count("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'etl' AND tablename LIKE 'stage_%'")).toBe(0);
    expect(await states('calls', '2016-01-03')).toEqual(['pending', 'ingesting', 'quarantined']);
    const rec = await db.knex('etl.etl_records').where({ cdr_type: 'calls', cdr_date: '2016-01-03', state: 'quarantined' }).first();
    expect(rec.message).toMatch(/datetime outside 2016-01-03/);
    expect(await count("SELECT count(*) AS n FROM etl.available_dates WHERE cdr_date = '2016-01-03'")).toBe(0);

    const again = await loadDirectory(db.knex, badDir, { log, infrastructureFingerprint: summary.infrastructureFingerprint });
    expect(again.counts).toEqual({ ingested: 0, failed: 0, quarantined: 0, skipped: 4 });
  }, 60_000);

  test('a rejected re-ingest keeps the previous partition readable', async () => {
    const before = await count('SELECT count(*) AS n FROM events.calls_20160104');
    const bad = join(badDir, 'bad', 'calls_20160104.csv');
    await mkdir(join(badDir, 'bad'));
    await writeFile(bad, 'id,outgoing,datetime,msisdn\n1,true,2016-01-05T00:00:00+00:00,abc\n');
    const r = await ingestDay(db.knex, { cdrType: 'calls', date: '2016-01-04', filePath: bad, log });
    expect(r.state).toBe('quarantined');
    expect(await count('SELECT count(*) AS n FROM events.calls_20160104')).toBe(before);
    expect(await count("SELECT count(*) AS n FROM etl.available_dates WHERE cdr_type = 'calls' AND cdr_date = '2016-01-04'")).toBe(1);
  });
});
