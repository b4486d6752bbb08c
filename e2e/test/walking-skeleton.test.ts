import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthSession, Connection, generateSynthetic, provisionAccess, requestHttp, waitForIngest } from '@flowdeck/client';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import { expectedDailyLocationCounts } from '../src/independent-aggregates.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// The walking skeleton (issue 2): every service a real process against the real Postgres and Redis. Admin login,
// server registration from the api's OpenAPI document, a role, a token, then run -> poll until 303 -> get through
// the gateway, with rows checked against a computation over the generated files.


/** Hooks and tests here start and drive whole platforms: minutes, not Jest's default 5 s. */
const SLOW = 300_000;

const SPEC = {
  query_kind: 'spatial_aggregate',
  locations: { query_kind: 'daily_location', date: '2016-01-01', aggregation_unit: 'admin3', method: 'last' },
};

let db: TestDatabase;
let etlDir: string;
let platform: TestPlatform;

beforeAll(async () => {
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-etl-'));
  await generateSynthetic({ nDays: 2 }, etlDir);
  platform = await startTestPlatform({ flowdbDatabase: db.name, etlDir });
  await waitForIngest({ databaseUrl: platform.flowdbUrl, etlDir, timeoutMs: 180_000 });
}, SLOW);

afterAll(async () => {
  await platform?.stop();
  await db?.drop();
  rmSync(etlDir, { recursive: true, force: true });
}, SLOW);

describe('walking skeleton', () => {
  let token: string;
  const gateway = (): string => `https://localhost:${platform.options.ports.gatewayApi}`;

  it('admin signs in, registers the server from its spec, creates a role and mints a token', async () => {
    const access = await provisionAccess({
      authUrl: `https://localhost:${platform.options.ports.gatewayAuth}`,
      apiUrl: gateway(),
      ca: platform.ca,
      adminUsername: platform.secrets.read('FLOWAUTH_ADMIN_USERNAME'),
      adminPassword: platform.secrets.read('FLOWAUTH_ADMIN_PASSWORD'),
      roleName: 'analyst',
    });
    expect(access.serverName).toBe('flowapi_server');
    token = access.token;
    expect(token.split('.')).toHaveLength(3);
  }, SLOW);

  it('refuses a wrong admin password', async () => {
    const session = new AuthSession(`https://localhost:${platform.options.ports.gatewayAuth}`, { ca: platform.ca });
    await expect(session.signIn('admin', 'wrong-password')).rejects.toMatchObject({ status: 401 });
  }, SLOW);

  it('runs spatial_aggregate(daily_location) through the gateway and returns the independently computed rows', async () => {
    const conn = new Connection(gateway(), token, { ca: platform.ca });
    const id = await conn.runQuery(SPEC);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await conn.waitForQuery(id, { timeoutMs: 120_000, intervalMs: 250 });

    const poll = await requestHttp({ url: `${gateway()}/api/0/poll/${id}`, headers: { authorization: `Bearer ${token}` }, ca: platform.ca });
    expect(poll.status).toBe(303);
    expect(poll.headers.location).toBe(`/api/0/get/${id}`);

    const rows = await conn.getResult(id);
    const { counts, ambiguous } = expectedDailyLocationCounts(etlDir, '20160101', 3, 15);
    expect(ambiguous).toBe(0);
    const got = Object.fromEntries(rows.map((r) => [r.pcod as string, r.value as number]));
    expect(got).toEqual(counts);
    expect(Object.keys(got).length).toBeGreaterThanOrEqual(20);
    expect(Object.values(got).every((v) => v > 15)).toBe(true);
  }, SLOW);

  it('refuses a token whose signature was tampered with', async () => {
    const res = await requestHttp({
      method: 'POST',
      url: `${gateway()}/api/0/run`,
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
      body: SPEC,
      ca: platform.ca,
    });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ msg: 'Signature verification failed' });
  });
});
