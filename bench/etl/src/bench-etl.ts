// `pnpm bench:etl [calls-per-day]`: rows/s of the ETL pipeline's load phase (COPY into staging) and of the whole
// pipeline (load + validate + index + swap + QA) against a raw COPY of the same file into an unindexed table, in the
// same run, on a throw-away FlowDB clone. Default 1,000,000 calls = 2,000,000 rows. Last line: one JSON object.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { generateSynthetic } from '@flowdeck/client';
import { ingestDay } from '@flowdeck/etl';
import { createLogger } from '@flowdeck/log';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTestDatabase } from '../../../test-support/flowdb.js';

const calls = Number(process.argv[2] ?? process.env.BENCH_ETL_CALLS ?? 1_000_000);
const log = createLogger({ service: 'bench-etl', level: 'warn' });
const dir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-etl-'));
const db = await createTestDatabase();
try {
  process.stderr.write(`generating ${calls} calls (${2 * calls} rows)...\n`);
  const t0 = Date.now();
  await generateSynthetic({ nDays: 1, nCalls: calls, nSms: 10, nMds: 10, nTopups: 10 }, dir);
  const genSeconds = (Date.now() - t0) / 1000;
  const file = join(dir, 'calls_20160101.csv.gz');
  const rows = 2 * calls;

  // Raw baseline: the same gzip stream straight into COPY of an unindexed table.
  await db.knex.raw('CREATE TABLE public.raw_calls (LIKE events.calls)');
  const conn = (await db.knex.client.acquireConnection()) as pg.Client;
  const r0 = Date.now();
  try {
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 18 }), conn.query(copyFrom('COPY public.raw_calls FROM STDIN WITH (FORMAT csv, HEADER true)')));
  } finally {
    await db.knex.client.releaseConnection(conn);
  }
  const rawSeconds = (Date.now() - r0) / 1000;
  await db.knex.raw('DROP TABLE public.raw_calls');
  await db.knex.raw('CHECKPOINT');

  const p0 = Date.now();
  const result = await ingestDay(db.knex, { cdrType: 'calls', date: '2016-01-01', filePath: file, log });
  const wholeSeconds = (Date.now() - p0) / 1000;
  if (result.state !== 'ingested' || result.rowCount !== rows) throw new Error(`ingest ended ${result.state}: ${result.message ?? ''}`);
  const loadSeconds = result.timings.load / 1000;
  const rawRate = rows / rawSeconds;
  const loadRate = rows / loadSeconds;
  const wholeRate = rows / wholeSeconds;
  const figures = {
    rows,
    file_bytes: (await stat(file)).size,
    generator_rows_per_s: Math.round(rows / genSeconds),
    raw_copy_rows_per_s: Math.round(rawRate),
    load_rows_per_s: Math.round(loadRate),
    pipeline_rows_per_s: Math.round(wholeRate),
    phases_ms: result.timings,
    load_ratio: Number((loadRate / rawRate).toFixed(3)),
    pipeline_ratio: Number((wholeRate / rawRate).toFixed(3)),
  };
  process.stdout.write(`raw COPY ${Math.round(rawRate)} rows/s; load phase ${Math.round(loadRate)} rows/s (ratio ${figures.load_ratio}); whole pipeline ${Math.round(wholeRate)} rows/s (ratio ${figures.pipeline_ratio})\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
}
