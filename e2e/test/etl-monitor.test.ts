/**
 * Browser test of the ETL monitor (issue 6): a real etl process ingests an ETL directory with one good day and one
 * bad day (a row outside its day → quarantined); a failed day is recorded as the janitor records an abandoned
 * ingest. Headless Chromium opens /monitor, signs in through the form, sees the days in the calendar by state and
 * opens each day's details. Screenshots go to .test-output/screenshots/etl-monitor/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test-support/browser.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../test-support/redis.js';
import { freePorts } from '../src/free-ports.js';
import { REPO_ROOT } from '../src/test-platform.js';

const ADMIN = { username: 'monitor-admin', password: 'monitor-test-password-1' };
const SHOTS = join(REPO_ROOT, '.test-output', 'screenshots', 'etl-monitor');
const GOOD_ROWS = 6;

let db: TestDatabase;
let etlDir: string;
let etl: ChildProcess | undefined;
let output = '';
let base: string;
let browser: Browser;
let page: Page;
const redisPrefix = testRedisPrefix();

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (etl?.exitCode != null) throw new Error(`etl exited with ${etl.exitCode} while waiting for ${what}:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. etl output:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function callsCsv(date: string, times: string[]): string {
  const rows = times.map(
    (t, i) => `c${date}-${i},${i % 2 === 0},${date}T${t}+00:00,${30 + i},msisdn${i % 3},msisdn${(i + 1) % 3},cell${i % 2},imsi${i % 3},imei${i % 3}`,
  );
  return ['id,outgoing,datetime,duration,msisdn,msisdn_counterpart,location_id,imsi,imei', ...rows, ''].join('\n');
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-monitor-'));
  writeFileSync(join(etlDir, 'calls_20160101.csv'), callsCsv('2016-01-01', ['00:10:00', '03:00:00', '07:45:00', '12:00:00', '18:30:00', '23:59:00']));
  // The last row belongs to the next day: the content checks quarantine the file.
  writeFileSync(join(etlDir, 'calls_20160102.csv'), callsCsv('2016-01-02', ['01:00:00', '09:00:00']).replace(/2016-01-02T09:00:00/, '2016-01-03T09:00:00'));
  // A day whose ingest was abandoned by its worker, as the janitor records it (no file for it in the directory).
  const rec = (state: string, message: string | null = null) =>
    db.knex('etl.etl_records').insert({ cdr_type: 'sms', cdr_date: '2016-01-02', state, file_name: 'sms_20160102.csv.gz', message });
  await rec('pending');
  await rec('ingesting');
  await rec('failed', 'ingest abandoned by its worker');

  const [port] = await freePorts(1);
  base = `http://127.0.0.1:${port}`;
  etl = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/etl/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      LISTEN_ADDRESS: '127.0.0.1',
      FLOWDECK_SECRETS_DIR: join(etlDir, 'no-secrets'),
      AIRFLOW_CONN_FLOWDB: db.url,
      FLOWDB_ETL_DIR: etlDir,
      FLOWETL_PORT: String(port),
      FLOWETL_SCAN_INTERVAL_SECONDS: '3600',
      FLOWETL_REDIS_HOST: '127.0.0.1',
      FLOWETL_REDIS_PORT: '6379',
      FLOWETL_REDIS_PASSWORD: '',
      FLOWETL_FILE_SETTLE_SECONDS: '0',
      FLOWETL_CONFIG_DIR: join(etlDir, 'no-config'),
      REDIS_KEY_PREFIX: redisPrefix,
      FLOWETL_AIRFLOW_ADMIN_USERNAME: ADMIN.username,
      FLOWETL_AIRFLOW_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  etl.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  etl.stderr!.on('data', (b: Buffer) => (output += b.toString()));

  await until('etl /health', async () => ((await fetch(`${base}/health`)).status === 200 ? true : undefined), 60_000);
  await until(
    'both files processed',
    async () => {
      const rows = (await db.knex('etl.ingest_state').select('cdr_date', 'state').where({ cdr_type: 'calls' })) as { cdr_date: Date; state: string }[];
      const states = rows.map((r) => r.state).sort();
      return states.join() === 'ingested,quarantined' ? true : undefined;
    },
    120_000,
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (etl && etl.exitCode === null) {
    const exited = new Promise((r) => etl!.once('exit', r));
    etl.kill('SIGTERM');
    await exited;
  }
  await db?.drop();
  await deleteRedisPrefix(redisPrefix);
  if (etlDir) rmSync(etlDir, { recursive: true, force: true });
}, 60_000);

test('sign-in is required and a wrong password is refused', async () => {
  await page.goto(`${base}/monitor`);
  expect(new URL(page.url()).pathname).toBe('/monitor/login');
  await page.fill('#username', ADMIN.username);
  await page.fill('#password', 'wrong password');
  await page.click('button[type=submit]');
  await page.waitForSelector('.error');
  expect(await page.textContent('.error')).toBe('Invalid username or password.');
  await screenshot('01-sign-in-refused');
}, 60_000);

test('signed in, the calendar shows the ingested, quarantined and failed days', async () => {
  await page.fill('#username', ADMIN.username);
  await page.fill('#password', ADMIN.password);
  await Promise.all([page.waitForURL(`${base}/monitor`), page.click('button[type=submit]')]);
  const cell = (type: string, date: string) => page.locator(`#calendar a[data-cdr-type="${type}"][data-cdr-date="${date}"]`);
  expect(await cell('calls', '2016-01-01').getAttribute('data-state')).toBe('ingested');
  expect(await cell('calls', '2016-01-02').getAttribute('data-state')).toBe('quarantined');
  expect(await cell('sms', '2016-01-02').getAttribute('data-state')).toBe('failed');
  expect(await page.locator('#calendar a[data-state]').count()).toBe(3);
  // Colour comes from the stylesheet (the CSP allows no inline style): the ingested cell is green, the failed red.
  const bg = (type: string, date: string) => cell(type, date).evaluate((a) => getComputedStyle(a.parentElement!).backgroundColor);
  expect(await bg('calls', '2016-01-01')).toBe('rgb(46, 157, 91)');
  expect(await bg('sms', '2016-01-02')).toBe('rgb(214, 69, 65)');
  expect(await page.locator('#throughput-chart circle').count()).toBe(1);
  await screenshot('02-calendar');
}, 60_000);

test('the ingested day shows its attempt, row count and QA outcomes', async () => {
  await Promise.all([page.waitForURL(/\/monitor\/day\/calls\/2016-01-01$/), page.click('#calendar a[data-cdr-type="calls"][data-cdr-date="2016-01-01"]')]);
  expect(await page.textContent('#day-state')).toBe('ingested');
  const attempt = page.locator('#attempts tr.attempt').first();
  expect(await attempt.getAttribute('data-state')).toBe('ingested');
  expect(await attempt.locator('[data-row-count]').getAttribute('data-row-count')).toBe(String(GOOD_ROWS));
  expect(await attempt.textContent()).toContain('calls_20160101.csv');
  expect(await page.textContent('#qa tr[data-check="count_added_rows"] td.num')).toBe(String(GOOD_ROWS));
  expect(await page.textContent('#qa tr[data-check="count_msisdns"] td.num')).toBe('3');
  await screenshot('03-day-ingested');
}, 60_000);

test('the quarantined and failed days show their messages', async () => {
  await page.goto(`${base}/monitor`);
  await Promise.all([page.waitForURL(/\/monitor\/day\/calls\/2016-01-02$/), page.click('#calendar a[data-cdr-type="calls"][data-cdr-date="2016-01-02"]')]);
  expect(await page.textContent('#day-state')).toBe('quarantined');
  expect(await page.textContent('#attempts tr.attempt td.message')).toMatch(/1 of 2 rows have a datetime outside 2016-01-02/);
  expect(await page.locator('#attempts tr.attempt [data-row-count]').getAttribute('data-row-count')).toBe('');
  await screenshot('04-day-quarantined');

  await page.goto(`${base}/monitor`);
  await Promise.all([page.waitForURL(/\/monitor\/day\/sms\/2016-01-02$/), page.click('#calendar a[data-cdr-type="sms"][data-cdr-date="2016-01-02"]')]);
  expect(await page.textContent('#day-state')).toBe('failed');
  expect(await page.textContent('#attempts tr.attempt td.message')).toBe('ingest abandoned by its worker');
  expect(await page.locator('#history tbody tr').count()).toBe(3);
  await screenshot('05-day-failed');
}, 60_000);

test('sign-out ends the session', async () => {
  await page.goto(`${base}/monitor`);
  await Promise.all([page.waitForURL(/\/monitor\/login$/), page.click('form.signout button')]);
  await page.goto(`${base}/monitor`);
  expect(new URL(page.url()).pathname).toBe('/monitor/login');
}, 60_000);
