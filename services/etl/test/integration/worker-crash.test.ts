import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWriteStream } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '@flowdeck/log';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisOptions, testRedisPrefix } from '../../../../test-support/redis.js';
import { generateSynthetic } from '../../../../packages/client/src/synth/generate.js';
import { ingestDay } from '../../src/adapters/postgres/ingest-day.js';
import { createIngestQueue, type IngestQueue } from '../../src/adapters/redis/ingest-queue.js';
import { requestIngest } from '../../src/etl-control.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const log = createLogger({ service: 'etl-test', level: 'silent' });
const BIG_ROWS = 300_000;

let db: TestDatabase;
let dir: string;
let prefix: string;
let queue: IngestQueue;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(repo, 'services', 'etl', 'src', 'main.ts')], {
    cwd: repo,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      FLOWDECK_SECRETS_DIR: '/nonexistent',
      AIRFLOW_CONN_FLOWDB: db.url,
      FLOWDB_ETL_DIR: dir,
      FLOWETL_CONFIG_DIR: join(dir, 'no-config'),
      FLOWETL_PORT: String(await freePort()),
      FLOWETL_ROLE: 'worker',
      FLOWETL_REDIS_HOST: testRedisOptions.host,
      FLOWETL_REDIS_PORT: String(testRedisOptions.port),
      FLOWETL_REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: prefix,
      WORKER_KEEPALIVE_INTERVAL: '0.5',
      WORKER_KEEPALIVE_TIMEOUT: '2',
      FLOWETL_RETRY_BACKOFF_SECONDS: '0.2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => void appendFile(join(dir, '..', `${prefix.replace(':', '_')}.log`), b));
  child.stderr?.on('data', (b: Buffer) => void appendFile(join(dir, '..', `${prefix.replace(':', '_')}.log`), b));
  children.push(child);
  return child;
}

const count = async (sql: string): Promise<number> => Number(((await db.knex.raw(sql)) as { rows: { n: string }[] }).rows[0]!.n);
async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testRedisPrefix();
  queue = createIngestQueue(testRedisOptions, prefix);
  dir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-crash-'));
  const small = await mkdtemp(join(tmpdir(), 'flowdeck-etl-crash-src-'));
  await generateSynthetic({ nSubscribers: 200, nSites: 20, nCells: 60, nDays: 1, nCalls: 500, nSms: 10, nMds: 10, nTopups: 10, nTacs: 30 }, small);
  // Version 1 of the day: the small file, ingested directly.
  await ingestDay(db.knex, { cdrType: 'calls', date: '2016-01-01', filePath: join(small, 'calls_20160101.csv.gz'), log });
  // Version 2: a big uncompressed file (the small file's rows repeated), so the COPY lasts long enough to be killed.
  const lines = gunzipSync(await readFile(join(small, 'calls_20160101.csv.gz'))).toString('utf8').trimEnd().split('\n');
  const out = createWriteStream(join(dir, 'calls_20160101.csv'));
  out.write(`${lines[0]}\n`);
  const body = lines.slice(1);
  for (let i = 0; i < BIG_ROWS; i += body.length) {
    if (!out.write(`${body.slice(0, Math.min(body.length, BIG_ROWS - i)).join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  await rm(small, { recursive: true, force: true });
  await writeFile(join(dir, 'README'), 'no infrastructure here\n');
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await queue?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

test('killing a worker mid-load keeps the previous day intact; the job completes after a restart', async () => {
  expect(await count('SELECT count(*) AS n FROM events.calls_20160101')).toBe(1000);
  const r = await requestIngest(db.knex, queue, { cdrType: 'calls', date: '2016-01-01', force: true }, { backoffMs: 200 });
  expect(r.action).toBe('queued');

  const first = await startWorker();
  // Wait until its COPY is under way.
  await until(
    'the COPY to start',
    async () => (await count("SELECT coalesce(max(tuples_processed), 0) AS n FROM pg_stat_progress_copy WHERE relid::regclass::text LIKE 'etl.stage_calls_20160101_%'")) > 0,
    120_000,
  );
  first.kill('SIGKILL');
  await new Promise((res) => first.once('exit', res));

  // The previous version is still attached and readable; the attempt is still recorded as ingesting.
  expect(await count('SELECT count(*) AS n FROM events.calls_20160101')).toBe(1000);
  expect(await count("SELECT count(*) AS n FROM events.calls WHERE datetime >= '2016-01-01' AND datetime < '2016-01-02'")).toBe(1000);
  const latest = await db.knex('etl.etl_records').where({ cdr_type: 'calls', cdr_date: '2016-01-01' }).orderBy('id', 'desc').first('state');
  expect(latest.state).toBe('ingesting');

  await startWorker();
  await until(
    'the day to be ingested again',
    async () => (await db.knex('etl.etl_records').where({ cdr_type: 'calls', cdr_date: '2016-01-01' }).orderBy('id', 'desc').first('state'))?.state === 'ingested',
    180_000,
  );
  expect(await count('SELECT count(*) AS n FROM events.calls_20160101')).toBe(BIG_ROWS);
  const history = (await db.knex('etl.etl_records').where({ cdr_type: 'calls', cdr_date: '2016-01-01' }).orderBy('id').select('state', 'message')) as {
    state: string;
    message: string | null;
  }[];
  expect(history.map((h) => h.state).slice(0, 5)).toEqual(['pending', 'ingesting', 'ingested', 'pending', 'ingesting']);
  expect(history[5]).toEqual({ state: 'failed', message: 'ingest abandoned by its worker' });
  expect(history.at(-1)!.state).toBe('ingested');
  expect(await count("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'etl' AND tablename LIKE 'stage_%'")).toBe(0);
}, 300_000);
