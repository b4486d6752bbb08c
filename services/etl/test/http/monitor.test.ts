import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@flowdeck/log';
import express from 'express';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { buildApp } from '../../src/app.js';
import { createMonitor, SESSION_COOKIE, type MonitorOptions } from '../../src/http/monitor/create-monitor.js';
import { EtlMetrics } from '../../src/http/monitor/etl-metrics.js';
import { groupAttempts } from '../../src/http/monitor/group-attempts.js';
import { html } from '../../src/http/monitor/html.js';
import { LoginLimiter } from '../../src/http/monitor/login-limiter.js';
import { SessionSigner } from '../../src/http/monitor/session-signer.js';

const log = createLogger({ service: 'etl-test', level: 'silent' });
const admin = { username: 'etl-admin', password: 'correct horse battery staple' };
let db: TestDatabase;
let dir: string;
const servers: Server[] = [];

async function listen(app: express.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An app with the monitor alone, so a test can pin the clock and the limits. */
function monitorApp(o: Partial<MonitorOptions>): express.Express {
  const app = express();
  const m = createMonitor({ db: db.knex, log, admin, ...o });
  app.use(m.countRequests);
  app.use(m.router);
  return app;
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  };
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/monitor/login`, form({ ...admin, next: '/monitor' }));
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!;
  return cookie.split(';')[0]!;
}

/** An hour ago, in whole seconds: inside the chart's 30-day window. */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const at = (s: number): Date => new Date(T0 + s * 1000);

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-monitor-'));
  const rec = (cdr_type: string, cdr_date: string, state: string, s: number, extra: Record<string, unknown> = {}) =>
    db.knex('etl.etl_records').insert({ cdr_type, cdr_date, state, timestamp: at(s), ...extra });
  const file = { file_name: 'calls_20160101.csv.gz', file_sha256: 'a'.repeat(64) };
  await rec('calls', '2016-01-01', 'pending', 0, file);
  await rec('calls', '2016-01-01', 'ingesting', 2, file);
  await rec('calls', '2016-01-01', 'ingested', 12, { ...file, row_count: 1000 });
  await db.knex('etl.post_etl_queries').insert([
    { cdr_type: 'calls', cdr_date: '2016-01-01', type_of_query_or_check: 'count_added_rows', outcome: '1000', timestamp: at(13) },
    { cdr_type: 'calls', cdr_date: '2016-01-01', type_of_query_or_check: 'count_msisdns', outcome: '87', timestamp: at(13) },
  ]);
  await rec('sms', '2016-01-02', 'pending', 20, { file_name: 'sms_20160102.csv' });
  await rec('sms', '2016-01-02', 'ingesting', 21, { file_name: 'sms_20160102.csv' });
  await rec('sms', '2016-01-02', 'failed', 25, { file_name: 'sms_20160102.csv', message: 'Ingest failed: <boom> & more' });
  await rec('calls', '2016-01-03', 'pending', 30);
  await rec('calls', '2016-01-03', 'ingesting', 30);
  await rec('calls', '2016-01-03', 'quarantined', 31, { message: '3 of 9 rows have a datetime outside 2016-01-03 (UTC)' });
});

afterAll(async () => {
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('monitor sign-in', () => {
  let base: string;
  beforeAll(async () => {
    base = await listen(buildApp({ db: db.knex, etlDir: dir, version: '9.9.9', log, admin, metrics: new EtlMetrics({ db: db.knex, log }) }));
  });

  test('pages need a session: HTML redirects to the form, JSON is 401', async () => {
    const page = await fetch(`${base}/monitor/day/calls/2016-01-01`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/monitor/login?next=%2Fmonitor%2Fday%2Fcalls%2F2016-01-01');
    const api = await fetch(`${base}/monitor/api/calendar`);
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ msg: 'Sign in at /monitor/login first.' });
  });

  test('the form is served with a strict CSP and no script', async () => {
    const res = await fetch(`${base}/monitor/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const body = await res.text();
    expect(body).toContain('<form method="post" action="/monitor/login">');
    expect(body).not.toMatch(/<script|style=/);
    const css = await fetch(`${base}/monitor/static/monitor.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  test('wrong username or password is 401 and sets no cookie', async () => {
    for (const wrong of [{ ...admin, password: 'nope' }, { ...admin, username: 'root' }, { username: '', password: '' }]) {
      const res = await fetch(`${base}/monitor/login`, form(wrong));
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain('Invalid username or password.');
    }
  });

  test('the right login sets an HttpOnly SameSite=Strict cookie (Secure behind TLS) and opens the pages', async () => {
    const res = await fetch(`${base}/monitor/login`, form({ ...admin, next: '/monitor/day/calls/2016-01-01' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/monitor/day/calls/2016-01-01');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.`));
    expect(setCookie).toMatch(/Path=\/monitor/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const tls = await fetch(`${base}/monitor/login`, { ...form(admin), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('set-cookie')).toMatch(/; Secure/);

    const cookie = setCookie.split(';')[0]!;
    const page = await fetch(`${base}/monitor/day/calls/2016-01-01`, { headers: { cookie } });
    expect(page.status).toBe(200);
    // A tampered cookie is refused (a changed MAC character, or a changed expiry).
    for (const forged of [cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), cookie.replace(/\.(\d+)\./, (_m, e: string) => `.${Number(e) + 1}.`)]) {
      expect(forged).not.toBe(cookie);
      expect((await fetch(`${base}/monitor`, { headers: { cookie: forged }, redirect: 'manual' })).status).toBe(303);
    }
  });

  test('open redirects are refused', async () => {
    const res = await fetch(`${base}/monitor/login`, form({ ...admin, next: '//evil.example/monitor' }));
    expect(res.headers.get('location')).toBe('/monitor');
  });

  test('a cross-site form post is refused', async () => {
    const res = await fetch(`${base}/monitor/login`, { ...form(admin), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  test('sign-out clears the cookie', async () => {
    const cookie = await signIn(base);
    const res = await fetch(`${base}/monitor/logout`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
  });
});

describe('monitor pages', () => {
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    base = await listen(buildApp({ db: db.knex, etlDir: dir, version: '9.9.9', log, admin }));
    cookie = await signIn(base);
  });

  test('the calendar shows each day by type with its latest state and a legend', async () => {
    const res = await fetch(`${base}/monitor`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<a href="/monitor/day/calls/2016-01-01" data-cdr-type="calls" data-cdr-date="2016-01-01" data-state="ingested"');
    expect(body).toContain('data-cdr-type="sms" data-cdr-date="2016-01-02" data-state="failed"');
    expect(body).toContain('data-cdr-type="calls" data-cdr-date="2016-01-03" data-state="quarantined"');
    expect(body).toContain('<span class="count" data-legend-state="failed">1</span>');
    // Throughput chart: 1000 rows in 10 s.
    expect(body).toContain('<svg id="throughput-chart"');
    expect(body).toContain('1 000 rows in 10.0 s = 100 rows/s');
    expect(body).not.toMatch(/<script|style=/);
  });

  test('a window without history shows no days and an empty chart message', async () => {
    const body = await (await fetch(`${base}/monitor?end=2015-01-31&days=7`, { headers: { cookie } })).text();
    expect(body).not.toContain('data-state=');
    expect(body).toContain('2015-01-25 – 2015-01-31');
  });

  test('a day page shows attempts with timings, rows, file, QA; messages are escaped', async () => {
    const ok = await (await fetch(`${base}/monitor/day/calls/2016-01-01`, { headers: { cookie } })).text();
    expect(ok).toContain('<span class="badge state-ingested" id="day-state">ingested</span>');
    expect(ok).toContain('data-row-count="1000"');
    expect(ok).toContain('calls_20160101.csv.gz');
    expect(ok).toContain('<td>2.00 s</td>'); // queued
    expect(ok).toContain('<td>10.0 s</td>'); // ingest
    expect(ok).toContain('<tr data-check="count_msisdns"><td>count_msisdns</td><td class="num">87</td>');
    const failed = await (await fetch(`${base}/monitor/day/sms/2016-01-02`, { headers: { cookie } })).text();
    expect(failed).toContain('Ingest failed: &lt;boom&gt; &amp; more');
    expect(failed).not.toContain('<boom>');
    expect((await fetch(`${base}/monitor/day/nope/2016-01-02`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/monitor/day/calls/2016-02-30`, { headers: { cookie } })).status).toBe(404);
  });

  test('JSON twins', async () => {
    const cal = (await (await fetch(`${base}/monitor/api/calendar?end=2016-01-03&days=3`, { headers: { cookie } })).json()) as { from: string; states: unknown[] };
    expect(cal.from).toBe('2016-01-01');
    expect(cal.states).toEqual([
      { cdr_type: 'calls', cdr_date: '2016-01-01', state: 'ingested', timestamp: at(12).toISOString() },
      { cdr_type: 'calls', cdr_date: '2016-01-03', state: 'quarantined', timestamp: at(31).toISOString() },
      { cdr_type: 'sms', cdr_date: '2016-01-02', state: 'failed', timestamp: at(25).toISOString() },
    ]);
    const day = (await (await fetch(`${base}/monitor/api/days/calls/2016-01-01`, { headers: { cookie } })).json()) as Record<string, unknown>;
    expect(day.attempts).toEqual([
      {
        state: 'ingested',
        started_at: at(0).toISOString(),
        finished_at: at(12).toISOString(),
        queued_seconds: 2,
        run_seconds: 10,
        row_count: 1000,
        rows_per_second: 100,
        file_name: 'calls_20160101.csv.gz',
        message: null,
      },
    ]);
    expect(day.qa).toEqual([
      { check: 'count_added_rows', outcome: '1000', timestamp: at(13).toISOString() },
      { check: 'count_msisdns', outcome: '87', timestamp: at(13).toISOString() },
    ]);
  });
});

describe('sessions and limits with a pinned clock', () => {
  test('a session expires after its lifetime', async () => {
    let now = T0;
    const base = await listen(monitorApp({ now: () => now, sessionTtlSeconds: 60 }));
    const cookie = await signIn(base);
    expect((await fetch(`${base}/monitor`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    now += 61_000;
    expect((await fetch(`${base}/monitor`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });

  test('failed sign-ins are rate limited per source, even with the right password, until the window ends', async () => {
    let now = T0;
    const base = await listen(monitorApp({ now: () => now, loginLimits: { maxFailuresPerSource: 3, windowSeconds: 600 } }));
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/monitor/login`, form({ ...admin, password: 'x' }))).status).toBe(401);
    const limited = await fetch(`${base}/monitor/login`, form(admin));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('600');
    expect(limited.headers.get('set-cookie')).toBeNull();
    now += 600_000;
    expect((await fetch(`${base}/monitor/login`, form(admin))).status).toBe(303);
  });

  test('without admin credentials the monitor is disabled', async () => {
    const base = await listen(buildApp({ db: db.knex, etlDir: dir, version: '9.9.9', log }));
    const res = await fetch(`${base}/monitor/login`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/FLOWETL_AIRFLOW_ADMIN_USERNAME/);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });
});

describe('GET /metrics', () => {
  test('ingest metrics computed from etl.etl_records, HTTP counters by route template, process metrics', async () => {
    const base = await listen(buildApp({ db: db.knex, etlDir: dir, version: '9.9.9', log, admin, metrics: new EtlMetrics({ db: db.knex, log }) }));
    await fetch(`${base}/health`);
    await fetch(`${base}/monitor/day/calls/2016-01-01`, { redirect: 'manual' });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('flowdeck_ingest_rows_total{cdr_type="calls"} 1000');
    expect(text).toContain('flowdeck_ingest_files_total{cdr_type="calls",state="ingested"} 1');
    expect(text).toContain('flowdeck_ingest_files_total{cdr_type="sms",state="failed"} 1');
    expect(text).toContain('flowdeck_ingest_files_total{cdr_type="calls",state="quarantined"} 1');
    expect(text).toContain('flowdeck_ingest_duration_seconds_count{cdr_type="calls"} 1');
    expect(text).toContain('flowdeck_ingest_duration_seconds_sum{cdr_type="calls"} 10');
    expect(text).toContain('flowdeck_ingest_duration_seconds_bucket{le="10",cdr_type="calls"} 1');
    expect(text).toContain('flowdeck_ingest_duration_seconds_bucket{le="5",cdr_type="calls"} 0');
    expect(text).toContain('flowdeck_http_requests_total{service="etl",route="/health",method="GET",status="200"} 1');
    expect(text).toContain('flowdeck_http_requests_total{service="etl",route="/monitor/day/:cdrType/:cdrDate",method="GET",status="303"} 1');
    expect(text).toMatch(/^flowdeck_process_cpu_user_seconds_total /m);
    // Scraping twice does not double-count.
    const again = await (await fetch(`${base}/metrics`)).text();
    expect(again).toContain('flowdeck_ingest_rows_total{cdr_type="calls"} 1000');
  });
});

describe('building blocks', () => {
  test('session signer rejects other keys and malformed values', () => {
    const a = new SessionSigner({ ttlSeconds: 60, now: () => T0 });
    const b = new SessionSigner({ ttlSeconds: 60, now: () => T0 });
    const { value } = a.issue('u');
    expect(a.verify(value)).toEqual({ username: 'u', expiresAt: T0 / 1000 + 60 });
    expect(b.verify(value)).toBeUndefined();
    for (const bad of ['', 'v1', 'v1.x.y.z', `${value}.x`, value.replace('v1.', 'v2.')]) expect(a.verify(bad)).toBeUndefined();
  });

  test('limiter has a global cap too', () => {
    const l = new LoginLimiter({ maxFailuresPerSource: 10, maxFailuresTotal: 2, windowSeconds: 60, now: () => T0 });
    l.recordFailure('a');
    l.recordFailure('b');
    expect(l.retryAfter('c')).toBe(60);
  });

  test('attempts: an operator drop after ingested is its own entry', () => {
    const r = (id: number, state: string, s: number, rowCount: number | null = null) =>
      ({ id, state, timestamp: at(s), fileName: null, fileSha256: null, rowCount, message: null, jobId: null }) as Parameters<typeof groupAttempts>[0][number];
    const attempts = groupAttempts([r(1, 'pending', 0), r(2, 'ingesting', 1), r(3, 'ingested', 5, 8), r(4, 'dropped', 9)]);
    expect(attempts.map((a) => [a.state, a.runSeconds, a.rowsPerSecond])).toEqual([
      ['ingested', 4, 2],
      ['dropped', undefined, undefined],
    ]);
  });

  test('html escapes interpolations', () => {
    expect(html`<p title="${'"x"'}">${'<b>'}${html`<i>ok</i>`}</p>`.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;<i>ok</i></p>');
  });
});
