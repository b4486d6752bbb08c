import { createHmac, sign as rsaSign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateSynthetic, provisionAccess, requestHttp, serviceDefinitions, waitForIngest, type HttpResponse } from '@flowdeck/client';
import { parseQuerySpec } from '@flowdeck/queries';
import { mintToken, parsePrivateKeys, signRevocationList, type SigningKey } from '@flowdeck/tokens';
import { createTestDatabase, type TestDatabase } from '../../test-support/flowdb.js';
import * as specs from '../../packages/queries/test/support/specs.js';
import { startApiProcess, type ApiProcess } from '../src/api-process.js';
import { freePorts } from '../src/free-ports.js';
import { errorLeaf, invalidSpecPerKind } from '../src/invalid-specs.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Contract suite of spec/api.md against the real services (issue 4): every route of §3 and every status of §4-§9
// and §11 that the public surface can produce, with bodies and headers; for each route a token lacking one required
// scope and a token whose scopes are split across two roles get 403 (tokens.md §5). Queries reach the states
// queued/executing/cancelled/errored for real: the engine runs with WORKER_CAPACITY=1 while a superuser
// transaction holds an ACCESS EXCLUSIVE lock on events.calls, so the first run blocks (executing) and the next one
// waits (queued); "errored" is produced by cancelling the engine's blocked statement as the superuser (an external
// database failure). Only `known` and `resetting` rows, which no public request leaves behind, are written directly
// into cache.queries as the superuser.

const SLOW = 300_000;
const AUD = 'flowapi_server';

let db: TestDatabase;
let etlDir: string;
let platform: TestPlatform;
let key: SigningKey;
let su: pg.Client;
let analystToken: string;

const api = (): string => `https://localhost:${platform.options.ports.api}`;

function mint(roles: Record<string, string[]>, o: { jti?: string; exp?: number; sub?: string; aud?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return mintToken({ key, sub: o.sub ?? 'contract-user', aud: o.aud ?? AUD, roles, now, expiresAt: o.exp ?? now + 3600, jti: o.jti }).token;
}

const b64url = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A compact JWS with an arbitrary header and payload, signed RS256 with the platform key (or HS256). */
function craft(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const sig =
    header.alg === 'HS256' ? createHmac('sha256', 'secret').update(input).digest() : rsaSign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${sig.toString('base64url')}`;
}

/** Payload of a valid token for `roles`, to be altered. */
function payloadOf(roles: Record<string, string[]>): Record<string, unknown> {
  const part = mint(roles).split('.')[1]!;
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  o: { token?: string; auth?: string; body?: unknown; headers?: Record<string, string>; base?: string } = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.auth !== undefined) headers.authorization = o.auth;
  else if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  return requestHttp({ method, url: `${o.base ?? api()}${path}`, headers, body: o.body as never, ca: platform.ca });
}

const json = (res: HttpResponse): Record<string, unknown> => res.json<Record<string, unknown>>();
const idOf = (spec: Record<string, unknown>): string => parseQuerySpec(spec, { redactionThreshold: 15 }).queryId;

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function pollUntil(id: string, token: string, accept: (res: HttpResponse) => boolean): Promise<HttpResponse> {
  return until(`poll ${id}`, async () => {
    const res = await call('GET', `/api/0/poll/${id}`, { token });
    return accept(res) ? res : undefined;
  });
}

const pollStatus = (status: number, state?: string) => (res: HttpResponse) =>
  res.status === status && (state === undefined || json(res).status === state);

// Specs: A is run to completion; B, C, D exercise executing/queued/cancelled/errored; H is non-spatial.
const dl = (date: string, unit: string): Record<string, unknown> => specs.spatialAggregate({ locations: specs.dailyLocation({ date, aggregation_unit: unit }) });
const SPEC_A = dl('2016-01-01', 'admin3');
const SPEC_B = dl('2016-01-02', 'admin3');
const SPEC_C = dl('2016-01-02', 'admin2');
const SPEC_D = dl('2016-01-02', 'admin1');
const SPEC_H = specs.histogramAggregate({ metric: specs.radiusOfGyration({ start_date: '2016-01-01', end_date: '2016-01-03' }) });
const trip = (unit: string): string[] => [`${unit}:spatial_aggregate:spatial_aggregate`, `${unit}:spatial_aggregate:daily_location`];
const HIST_TRIPLETS = ['nonspatial:histogram_aggregate:histogram_aggregate', 'nonspatial:histogram_aggregate:radius_of_gyration'];
const ALL = ['run', 'get_result', 'get_available_dates', 'get_qa_checks', ...['admin0', 'admin1', 'admin2', 'admin3'].flatMap((u) => [...trip(u), `${u}:geography:geography`]), ...HIST_TRIPLETS];

beforeAll(async () => {
  db = await createTestDatabase();
  etlDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-contract-'));
  await generateSynthetic({ nDays: 2 }, etlDir);
  platform = await startTestPlatform({
    flowdbDatabase: db.name,
    etlDir,
    extraEnv: { 'query-engine': { WORKER_CAPACITY: '1' }, api: { MAX_REQUEST_SIZE_MB: '1' } },
  });
  await waitForIngest({ databaseUrl: platform.flowdbUrl, etlDir, timeoutMs: 180_000 });
  key = parsePrivateKeys(platform.secrets.read('PRIVATE_JWT_SIGNING_KEY'))[0]!;
  su = new pg.Client({ connectionString: platform.flowdbUrl });
  await su.connect();
}, SLOW);

afterAll(async () => {
  await su?.end();
  await platform?.stop();
  await db?.drop();
  rmSync(etlDir, { recursive: true, force: true });
}, SLOW);

describe('normal path with a token issued by auth', () => {
  test('provisionAccess token runs A; 202 with exact relative Location; poll 202 → 303; get json/csv/geojson', async () => {
    const access = await provisionAccess({
      authUrl: `https://localhost:${platform.options.ports.gatewayAuth}`,
      apiUrl: `https://localhost:${platform.options.ports.gatewayApi}`,
      ca: platform.ca,
      adminUsername: platform.secrets.read('FLOWAUTH_ADMIN_USERNAME'),
      adminPassword: platform.secrets.read('FLOWAUTH_ADMIN_PASSWORD'),
      roleName: 'analyst',
    });
    analystToken = access.token;
    const id = idOf(SPEC_A);
    const run = await call('POST', '/api/0/run', { token: analystToken, body: SPEC_A, headers: { 'x-request-id': 'contract-run-1' } });
    expect(run.status).toBe(202);
    expect(run.headers.location).toBe(`/api/0/poll/${id}`);
    expect(run.headers['x-request-id']).toBe('contract-run-1');
    const body = json(run);
    expect(body.query_id).toBe(id);
    expect(Object.keys(body.progress as object).sort()).toEqual(['eligible', 'queued', 'running']);

    const done = await pollUntil(id, analystToken, (r) => {
      if (r.status === 202) {
        const b = json(r);
        expect(['queued', 'executing']).toContain(b.status);
        expect(b.msg).toBe('');
        expect(Object.values(b.progress as object).every((n) => Number.isInteger(n))).toBe(true);
      }
      return r.status === 303;
    });
    expect(done.headers.location).toBe(`/api/0/get/${id}`);
    expect(json(done)).toEqual({ status: 'completed' });

    const asJson = await call('GET', `/api/0/get/${id}`, { token: analystToken });
    expect(asJson.status).toBe(200);
    expect(asJson.headers['content-type']).toBe('application/json');
    expect(asJson.headers['content-disposition']).toBe(`attachment;filename=${id}.json`);
    expect(asJson.headers['content-length']).toBeUndefined();
    expect(asJson.headers['transfer-encoding']).toBe('chunked');
    expect(asJson.text().startsWith(`{"query_id":"${id}", "query_result":[{"pcod":"`)).toBe(true);
    const rows = (json(asJson).query_result as { pcod: string; value: number }[]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.value > 15)).toBe(true);

    const explicit = await call('GET', `/api/0/get/${id}.json`, { token: analystToken });
    expect(explicit.text()).toBe(asJson.text());

    const csv = await call('GET', `/api/0/get/${id}.csv`, { token: analystToken });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment;filename=${id}.csv`);
    const lines = csv.text().split('\r\n');
    expect(lines[0]).toBe('pcod,value');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1)).toEqual(rows.map((r) => `${r.pcod},${r.value}`));

    const geo = await call('GET', `/api/0/get/${id}.geojson`, { token: analystToken });
    expect(geo.status).toBe(200);
    expect(geo.headers['content-type']).toBe('application/geo+json');
    expect(geo.headers['content-disposition']).toBe(`attachment;filename=${id}.geojson`);
    expect(geo.text().startsWith('{"type":"FeatureCollection", "features":[')).toBe(true);
    const features = (json(geo).features as { id: number; type: string; geometry: { type: string }; properties: Record<string, unknown> }[]);
    expect(features).toHaveLength(rows.length);
    expect(features[0]).toMatchObject({ type: 'Feature', id: 1, geometry: { type: 'MultiPolygon' } });
    expect(features[0]!.properties).toMatchObject({ pcod: rows[0]!.pcod, value: rows[0]!.value, centroid: { type: 'Point' } });
  }, SLOW);

  test('re-running a completed query: 202, zero progress, same id', async () => {
    const res = await call('POST', '/api/0/run', { token: analystToken, body: SPEC_A });
    expect(res.status).toBe(202);
    expect(json(res)).toEqual({ query_id: idOf(SPEC_A), progress: { eligible: 0, queued: 0, running: 0 } });
  });
});

describe('§1 general rules', () => {
  test('GET / → 200, empty body, no authentication', async () => {
    const res = await call('GET', '/');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
  });

  test('X-Request-Id: a valid one is echoed, an invalid one replaced by a UUID4', async () => {
    const bad = await call('GET', '/api/0/available_dates', { headers: { 'x-request-id': 'has space' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const good = await call('GET', '/api/0/available_dates', { headers: { 'x-request-id': 'abc.DEF_1-2' } });
    expect(good.headers['x-request-id']).toBe('abc.DEF_1-2');
  });

  test('body over MAX_REQUEST_SIZE_MB (1 here) → 413 {"msg": "Request body too large."}', async () => {
    const big = { query_kind: 'spatial_aggregate', padding: 'x'.repeat(1_200_000) };
    const res = await call('POST', '/api/0/run', { token: mint({ r: ALL }), body: big });
    expect(res.status).toBe(413);
    expect(json(res)).toEqual({ msg: 'Request body too large.' });
  });

  test('a ~30 000 character token (many scopes) is accepted (64 KiB header sections)', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `admin3:dummy_kind_${i}:dummy_sub_${i}`);
    const token = mint({ big: [...many, 'get_available_dates'] });
    expect(token.length).toBeGreaterThan(2_000);
    const res = await call('GET', '/api/0/available_dates', { token, headers: { 'x-padding': 'p'.repeat(30_000) } });
    expect(res.status).toBe(200);
  });

  test('unknown route → JSON 404, not HTML', async () => {
    const res = await call('GET', '/api/0/nope', { token: mint({ r: ALL }) });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof json(res).msg).toBe('string');
  });
});

describe('§2 token and permission errors', () => {
  const route = '/api/0/available_dates';
  const roles = { r: ['get_available_dates'] };
  const kid = (): string => key.kid;
  const cases: [string, () => { auth?: string }, number, Record<string, string>][] = [
    ['no Authorization header', () => ({}), 401, { msg: 'Missing Authorization Header' }],
    ['not Bearer <token>', () => ({ auth: `Token ${mint(roles)}` }), 422, { msg: "Bad Authorization header. Expected value 'Bearer <JWT>'" }],
    ['malformed JWT', () => ({ auth: 'Bearer abc.def' }), 422, { msg: 'Not enough segments' }],
    ['alg HS256', () => ({ auth: `Bearer ${craft({ alg: 'HS256', typ: 'JWT' }, payloadOf(roles))}` }), 422, { msg: 'The specified alg value is not allowed' }],
    ['bad signature', () => ({ auth: `Bearer ${mint(roles).slice(0, -6)}AAAAAA` }), 422, { msg: 'Signature verification failed' }],
    ['aud absent', () => {
      const { aud: _aud, ...p } = payloadOf(roles);
      return { auth: `Bearer ${craft({ alg: 'RS256', typ: 'JWT', kid: kid() }, p)}` };
    }, 422, { msg: 'Token is missing the "aud" claim' }],
    ['aud wrong', () => ({ auth: `Bearer ${mint(roles, { aud: 'other_server' })}` }), 422, { msg: 'Invalid audience' }],
    ['sub absent', () => {
      const { sub: _sub, identity: _identity, ...p } = payloadOf(roles);
      return { auth: `Bearer ${craft({ alg: 'RS256', typ: 'JWT', kid: kid() }, p)}` };
    }, 422, { msg: 'Missing claim: sub' }],
    ['nbf in the future', () => {
      const p = payloadOf(roles);
      return { auth: `Bearer ${craft({ alg: 'RS256', typ: 'JWT', kid: kid() }, { ...p, nbf: Math.floor(Date.now() / 1000) + 600 })}` };
    }, 422, { msg: 'The token is not yet valid (nbf)' }],
    ['iat in the future', () => {
      const p = payloadOf(roles);
      return { auth: `Bearer ${craft({ alg: 'RS256', typ: 'JWT', kid: kid() }, { ...p, nbf: p.iat, iat: Math.floor(Date.now() / 1000) + 600 })}` };
    }, 422, { msg: 'The token is not yet valid (iat)' }],
    ['expired', () => {
      const p = payloadOf(roles);
      const now = Math.floor(Date.now() / 1000);
      return { auth: `Bearer ${craft({ alg: 'RS256', typ: 'JWT', kid: kid() }, { ...p, iat: now - 7200, nbf: now - 7200, exp: now - 3600 })}` };
    }, 401, { msg: 'Token has expired' }],
    ['user_claims undecodable', () => {
      const p = payloadOf(roles);
      return { auth: `Bearer ${craft({ alg: 'RS256', typ: 'JWT', kid: kid() }, { ...p, user_claims: 'not-compressed-claims' })}` };
    }, 422, { msg: 'Invalid user_claims' }],
    ['no single role holds the scopes', () => ({ auth: `Bearer ${mint({ r: ['get_qa_checks'] })}` }), 403, { msg: 'User claims verification failed' }],
  ];
  test.each(cases)('%s → %d', async (_name, make, status, body) => {
    const res = await call('GET', route, make());
    expect(res.status).toBe(status);
    expect(json(res)).toEqual(body);
  });

  describe('revoked token (Extension): a second api process of the platform with FLOWAPI_REVOCATION_LIST', () => {
    let revDir: string;
    let second: ApiProcess;
    const revokedJti = '0b0b0b0b-1111-4222-8333-444444444444';
    beforeAll(async () => {
      revDir = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-rev-'));
      const file = join(revDir, 'revocations.jwt');
      const now = Math.floor(Date.now() / 1000);
      writeFileSync(file, signRevocationList({ key, entries: [{ jti: revokedJti, aud: AUD, exp: now + 3600 }], now }));
      const env = serviceDefinitions(platform.options).find((d) => d.name === 'api')!.env;
      const [port] = await freePorts(1);
      second = await startApiProcess({ env: { ...env, FLOWAPI_REVOCATION_LIST: file }, port: port!, https: true, ca: platform.ca });
    }, SLOW);
    afterAll(async () => {
      await second?.stop();
      rmSync(revDir, { recursive: true, force: true });
    }, SLOW);

    test('jti on the list → 401 Token has been revoked; another jti passes; /health reports revocation_list ok', async () => {
      const revoked = await call('GET', route, { token: mint(roles, { jti: revokedJti }), base: second.url });
      expect(revoked.status).toBe(401);
      expect(json(revoked)).toEqual({ msg: 'Token has been revoked' });
      const fine = await call('GET', route, { token: mint(roles), base: second.url });
      expect(fine.status).toBe(200);
      const health = await call('GET', '/health', { base: second.url });
      expect((json(health).checks as Record<string, string>).revocation_list).toBe('ok');
    });
  });
});

describe('§4 POST /run validation', () => {
  const token = (): string => mint({ r: ALL });

  test.each([
    ['not JSON', '{"query_kind": '],
    ['not an object', '[1, 2]'],
    ['no query_kind', '{"locations": {}}'],
    ['query_kind not a string', '{"query_kind": 7}'],
  ])('%s → 400 Could not parse query spec.', async (_name, raw) => {
    const res = await call('POST', '/api/0/run', { token: token(), body: raw, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(json(res)).toEqual({ msg: 'Could not parse query spec.' });
  });

  test('a kind this server does not implement → 400 validation body', async () => {
    const res = await call('POST', '/api/0/run', { token: token(), body: { query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'x' } });
    expect(res.status).toBe(400);
    expect(errorLeaf(json(res).payload, ['orig_error_msg', 'query_kind'])).toEqual([expect.stringMatching(/^Must be one of: /)]);
  });

  test.each(invalidSpecPerKind().map((c) => [c.kind, c] as const))('invalid %s → 400 naming the bad field', async (_kind, c) => {
    // Validation precedes the scope check: a token holding nothing still gets the 400.
    const res = await call('POST', '/api/0/run', { token: mint({ nobody: [] }), body: c.spec });
    expect(res.status).toBe(400);
    const body = json(res);
    expect(body.status).toBe('Error');
    expect(body.payload).toEqual({ params: c.spec, orig_error_msg: expect.any(Object) });
    const leaf = errorLeaf((body.payload as { orig_error_msg: unknown }).orig_error_msg, c.path);
    expect(Array.isArray(leaf) && leaf.length > 0 && leaf.every((m) => typeof m === 'string' && m.endsWith('.'))).toBe(true);
    const field = c.path.at(-1)!;
    expect(body.msg).toMatch(/^Parameter validation failed\.\n\nThe action parameters were:\n {3}\{/);
    expect(body.msg).toContain(`\n\nValidation error messages:\n   {`);
    expect(String(body.msg).split('Validation error messages:')[1]).toContain(`"${field}": [`);
    expect(String(body.msg).endsWith('.\n\n')).toBe(true);
  });
});

describe('states produced on the real engine: queued, executing, cancelled, errored, re-run (§4, §5, §6, §11.1)', () => {
  const idB = idOf(SPEC_B);
  const idC = idOf(SPEC_C);
  const idD = idOf(SPEC_D);
  const token = (): string => mint({ r: ALL });
  let locker: pg.Client;

  const blockedBackends = async (): Promise<number[]> =>
    (
      await su.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      )
    ).rows.map((r) => r.pid);

  beforeAll(async () => {
    locker = new pg.Client({ connectionString: platform.flowdbUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE events.calls IN ACCESS EXCLUSIVE MODE');
  });
  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await locker?.end();
  });

  test('B blocks in executing; C waits queued; poll/get answer 202; cancel C (queued) → 200, B (executing) → 202', async () => {
    expect((await call('POST', '/api/0/run', { token: token(), body: SPEC_B })).status).toBe(202);
    const execB = await pollUntil(idB, token(), pollStatus(202, 'executing'));
    expect(execB.headers['retry-after']).toBe('1');
    await until('B blocked on the lock', async () => ((await blockedBackends()).length > 0 ? true : undefined));

    const runC = await call('POST', '/api/0/run', { token: token(), body: SPEC_C });
    expect(runC.status).toBe(202);
    expect(runC.headers.location).toBe(`/api/0/poll/${idC}`);
    const queuedC = await call('GET', `/api/0/poll/${idC}`, { token: token() });
    expect(queuedC.status).toBe(202);
    expect(json(queuedC)).toMatchObject({ status: 'queued', msg: '' });
    expect(queuedC.headers['retry-after']).toBe('1');

    for (const id of [idB, idC]) {
      const get = await call('GET', `/api/0/get/${id}`, { token: token() });
      expect(get.status).toBe(202);
      expect(json(get)).toEqual({});
    }

    const cancelC = await call('DELETE', `/api/0/run/${idC}`, { token: token() });
    expect(cancelC.status).toBe(200);
    expect(json(cancelC)).toEqual({ query_id: idC, status: 'cancelled' });
    const againC = await call('DELETE', `/api/0/run/${idC}`, { token: token() });
    expect(againC.status).toBe(200);
    expect(json(againC)).toEqual({ query_id: idC, status: 'cancelled' });

    const cancelB = await call('DELETE', `/api/0/run/${idB}`, { token: token() });
    expect(cancelB.status).toBe(202);
    expect(json(cancelB)).toEqual({ query_id: idB, status: 'executing', msg: 'Cancellation requested.' });
    await pollUntil(idB, token(), pollStatus(500, 'cancelled'));
  }, SLOW);

  test('cancelled: poll 500 {status: cancelled, msg: ""}; get 404 "was cancelled."', async () => {
    for (const id of [idB, idC]) {
      const poll = await call('GET', `/api/0/poll/${id}`, { token: token() });
      expect(poll.status).toBe(500);
      expect(json(poll)).toEqual({ status: 'cancelled', msg: '' });
      const get = await call('GET', `/api/0/get/${id}.csv`, { token: token() });
      expect(get.status).toBe(404);
      expect(json(get)).toEqual({ status: 'Error', msg: `Query with id '${id}' was cancelled.` });
    }
  });

  test('errored (the engine statement is cancelled by the superuser): poll 500 with message; get 403; cancel 409', async () => {
    expect((await call('POST', '/api/0/run', { token: token(), body: SPEC_D })).status).toBe(202);
    await pollUntil(idD, token(), pollStatus(202, 'executing'));
    const pids = await until('D blocked on the lock', async () => {
      const p = await blockedBackends();
      return p.length > 0 ? p : undefined;
    });
    for (const pid of pids) await su.query('SELECT pg_cancel_backend($1)', [pid]);
    const poll = await pollUntil(idD, token(), pollStatus(500, 'errored'));
    const msg = String(json(poll).msg);
    expect(msg.length).toBeGreaterThan(0);
    expect(msg).not.toMatch(/SELECT|FROM|events\.calls|at .*\.ts/);
    const get = await call('GET', `/api/0/get/${idD}`, { token: token() });
    expect(get.status).toBe(403);
    expect(json(get)).toEqual({ status: 'Error', msg: `Query with id '${idD}' finished with an error.` });
    const cancel = await call('DELETE', `/api/0/run/${idD}`, { token: token() });
    expect(cancel.status).toBe(409);
    expect(json(cancel)).toEqual({ status: 'errored', msg: 'Query is not running.' });
  }, SLOW);

  test('re-running cancelled and errored queries restarts them to completion (jobs really re-added)', async () => {
    await locker.query('ROLLBACK');
    for (const [id, spec] of [[idB, SPEC_B], [idC, SPEC_C], [idD, SPEC_D]] as const) {
      const res = await call('POST', '/api/0/run', { token: token(), body: spec });
      expect(res.status).toBe(202);
      expect(res.headers.location).toBe(`/api/0/poll/${id}`);
    }
    for (const id of [idB, idC, idD]) {
      const done = await pollUntil(id, token(), (r) => r.status === 303 || r.status === 500);
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`/api/0/get/${id}`);
    }
    const cancelDone = await call('DELETE', `/api/0/run/${idB}`, { token: token() });
    expect(cancelDone.status).toBe(409);
    expect(json(cancelDone)).toEqual({ status: 'completed', msg: 'Query is not running.' });
  }, SLOW);
});

describe('known and resetting (rows written directly as the superuser: no public request leaves them)', () => {
  const token = (): string => mint({ r: ALL });
  async function seed(spec: Record<string, unknown>, state: string): Promise<string> {
    const q = parseQuerySpec(spec, { redactionThreshold: 15 });
    await su.query(
      `INSERT INTO cache.queries (query_id, query_kind, params, canonical, aggregation_unit, top_level, state)
       VALUES ($1, $2, $3, $4, $5, true, $6)`,
      [q.queryId, q.kind, JSON.stringify(q.params), JSON.stringify(q.canonical), q.aggregationUnit, state],
    );
    return q.queryId;
  }

  test.each([
    ['known', '2016-01-01', 'is known, but has not yet been run.'],
    ['resetting', '2016-01-02', 'is being reset.'],
  ])('%s: poll 404; get 404; cancel 409', async (state, date, text) => {
    const id = await seed(dl(date, 'admin0'), state);
    const poll = await call('GET', `/api/0/poll/${id}`, { token: token() });
    expect(poll.status).toBe(404);
    expect(json(poll)).toEqual({ status: state, msg: '' });
    const get = await call('GET', `/api/0/get/${id}`, { token: token() });
    expect(get.status).toBe(404);
    expect(json(get)).toEqual({ status: 'Error', msg: `Query with id '${id}' ${text}` });
    const cancel = await call('DELETE', `/api/0/run/${id}`, { token: token() });
    expect(cancel.status).toBe(409);
    expect(json(cancel)).toEqual({ status: state, msg: 'Query is not running.' });
  });
});

describe('unknown ids, file types, non-spatial geojson (§5, §6, §11.1)', () => {
  const token = (): string => mint({ nobody: [] });
  test('unknown id: poll 404 awol, get 404 Error, cancel 404 awol — before any scope check', async () => {
    const poll = await call('GET', '/api/0/poll/feedface', { token: token() });
    expect(poll.status).toBe(404);
    expect(json(poll)).toEqual({ status: 'awol', msg: "Unknown query id: 'feedface'" });
    const get = await call('GET', '/api/0/get/feedface.csv', { token: token() });
    expect(get.status).toBe(404);
    expect(json(get)).toEqual({ status: 'Error', msg: "Unknown query id: 'feedface'" });
    const cancel = await call('DELETE', '/api/0/run/feedface', { token: token() });
    expect(cancel.status).toBe(404);
    expect(json(cancel)).toEqual({ status: 'awol', msg: "Unknown query id: 'feedface'" });
  });

  test('other filetype → 400 Invalid file format', async () => {
    const res = await call('GET', `/api/0/get/${idOf(SPEC_A)}.xlsx`, { token: mint({ r: ALL }) });
    expect(res.status).toBe(400);
    expect(json(res)).toEqual({ status: 'error', msg: 'Invalid file format' });
  });

  test('non-spatial query: geojson 400 no geojson representation (json 200 once the engine completes it)', async () => {
    const id = idOf(SPEC_H);
    const t = mint({ r: ALL });
    expect((await call('POST', '/api/0/run', { token: t, body: SPEC_H })).status).toBe(202);
    // The geojson refusal depends only on the stored aggregation unit, so it holds in any state; the json download
    // is checked when this engine build implements the kind (otherwise the run ends errored).
    const done = await pollUntil(id, t, (r) => r.status === 303 || r.status === 500);
    if (done.status === 303) {
      const asJson = await call('GET', `/api/0/get/${id}`, { token: t });
      expect(asJson.status).toBe(200);
      expect(Array.isArray(json(asJson).query_result)).toBe(true);
    }
    const geo = await call('GET', `/api/0/get/${id}.geojson`, { token: t });
    expect(geo.status).toBe(400);
    expect(json(geo)).toEqual({ status: 'Error', msg: `Query with id '${id}' has no geojson compatible representation.` });
  }, SLOW);
});

describe('§7 geography, §8 available dates, §9 QA', () => {
  const token = (): string => mint({ r: ALL });
  test('geography/admin2 → 200 geojson; bad unit → 400 validation body', async () => {
    const res = await call('GET', '/api/0/geography/admin2', { token: token() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json');
    expect(res.headers['content-disposition']).toBe('attachment;filename=admin2.geojson');
    const fc = json(res) as { type: string; features: { properties: Record<string, unknown>; geometry: { type: string } }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    expect(Object.keys(fc.features[0]!.properties).sort()).toEqual(['centroid', 'name', 'pcod']);
    expect(fc.features[0]!.geometry.type).toBe('MultiPolygon');

    const bad = await call('GET', '/api/0/geography/lon-lat', { token: mint({ nobody: [] }) });
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({
      status: 'Error',
      payload: { params: { aggregation_unit: 'lon-lat' }, orig_error_msg: { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'] } },
    });
    expect(String(json(bad).msg)).toMatch(/^Parameter validation failed\./);
  });

  test('available_dates → 200, ingested dates per type; a GET body is ignored', async () => {
    const res = await call('GET', '/api/0/available_dates', { token: token(), body: { event_types: ['sms'] } });
    expect(res.status).toBe(200);
    const dates = json(res).available_dates as Record<string, string[]>;
    expect(dates.calls).toEqual(['2016-01-01', '2016-01-02']);
    for (const list of Object.values(dates)) expect(list.length).toBeGreaterThan(0);
  });

  test('qa list, date range (inclusive) and single date; 400 and 404 bodies', async () => {
    for (const path of ['/api/0/qa/', '/api/0/qa']) {
      const res = await call('GET', path, { token: token() });
      expect(res.status).toBe(200);
      expect(Array.isArray(res.json())).toBe(true);
    }
    const list = (await call('GET', '/api/0/qa/', { token: token() })).json<{ cdr_type: string; type_of_query_or_check: string }[]>();
    expect(list.length).toBeGreaterThan(0);
    const sorted = [...list].sort((a, b) => (a.cdr_type === b.cdr_type ? (a.type_of_query_or_check < b.type_of_query_or_check ? -1 : 1) : a.cdr_type < b.cdr_type ? -1 : 1));
    expect(list).toEqual(sorted);
    const check = list.find((c) => c.cdr_type === 'calls') ?? list[0]!;
    const base = `/api/0/qa/${check.cdr_type}/${check.type_of_query_or_check}`;

    const range = await call('GET', `${base}?start_date=2016-01-01&end_date=2016-01-02`, { token: token() });
    expect(range.status).toBe(200);
    const outcomes = range.json<{ cdr_date: string; type_of_query_or_check: string; outcome: string }[]>();
    expect(outcomes.map((o) => o.cdr_date)).toEqual(['2016-01-01', '2016-01-02']);
    expect(outcomes[0]!.type_of_query_or_check).toBe(check.type_of_query_or_check);

    const unparseable = await call('GET', `${base}?start_date=2016-13-01&end_date=2016-01-02`, { token: token() });
    expect(unparseable.status).toBe(400);
    expect(json(unparseable)).toEqual({ status: 'bad request', msg: 'Could not parse 2016-13-01 or 2016-01-02; expected for format is YYYY-MM-DD' });
    const missing = await call('GET', `${base}?start_date=2016-01-01`, { token: token() });
    expect(missing.status).toBe(400);
    expect(json(missing)).toEqual({ status: 'bad request', msg: 'Could not parse 2016-01-01 or None; expected for format is YYYY-MM-DD' });
    const none = await call('GET', `${base}?start_date=2030-01-01&end_date=2030-01-02`, { token: token() });
    expect(none.status).toBe(404);
    expect(json(none)).toEqual({
      status: 'not found',
      msg: `No qa checks found for ${check.cdr_type}, ${check.type_of_query_or_check} between 2030-01-01 and 2030-01-02`,
    });

    const one = await call('GET', `${base}/2016-01-02`, { token: token() });
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(one.text()).toBe(outcomes[1]!.outcome);
    const badDate = await call('GET', `${base}/yesterday`, { token: token() });
    expect(badDate.status).toBe(400);
    expect(json(badDate).status).toBe('bad request');
    const noneOn = await call('GET', `${base}/2030-01-01`, { token: token() });
    expect(noneOn.status).toBe(404);
    expect(json(noneOn)).toEqual({ status: 'not found', msg: `No qa checks found for ${check.cdr_type}, ${check.type_of_query_or_check} on 2030-01-01` });
  });
});

describe('§10 spec routes, §11.2 health, §11.3 metrics (no authentication)', () => {
  test('openapi.json / openapi.yaml / redoc', async () => {
    const asJson = await call('GET', '/api/0/spec/openapi.json');
    expect(asJson.status).toBe(200);
    expect(asJson.headers['content-type']).toMatch(/^application\/json/);
    const doc = json(asJson) as { openapi: string; components: { securitySchemes: { token: Record<string, unknown> } } };
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.components.securitySchemes.token['x-audience']).toBe(AUD);
    const yaml = await call('GET', '/api/0/spec/openapi.yaml');
    expect(yaml.status).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/x-yaml/);
    expect(yaml.text()).toContain('openapi: 3.0.1');
    const redoc = await call('GET', '/api/0/spec/redoc');
    expect(redoc.status).toBe(200);
    expect(redoc.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(redoc.text()).toContain('<redoc');
  });

  test('health 200 (GET and HEAD) and metrics text exposition', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(json(health)).toMatchObject({
      status: 'ok',
      service: 'api',
      checks: { flowdb: 'ok', redis: 'ok', public_keys: 'ok', revocation_list: 'disabled' },
    });
    const head = await call('HEAD', '/health');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text()).toContain('flowdeck_http_requests_total{');
    expect(metrics.text()).toContain('route="/api/0/poll/:query_id"');
  });
});

describe('scopes: every route refuses a token lacking one required scope and a token splitting them (tokens.md §5)', () => {
  interface RouteCase {
    name: string;
    method: string;
    path: () => string;
    body?: unknown;
    /** Independent checks; each must be held by one role. */
    checks: string[][];
    ok: number;
  }
  const idA = (): string => idOf(SPEC_A);
  const routes: RouteCase[] = [
    { name: 'POST /run', method: 'POST', path: () => '/api/0/run', body: SPEC_A, checks: [['run', ...trip('admin3')]], ok: 202 },
    { name: 'GET /poll', method: 'GET', path: () => `/api/0/poll/${idA()}`, checks: [trip('admin3')], ok: 303 },
    { name: 'GET /get', method: 'GET', path: () => `/api/0/get/${idA()}`, checks: [['get_result', ...trip('admin3')]], ok: 200 },
    { name: 'GET /get.csv', method: 'GET', path: () => `/api/0/get/${idA()}.csv`, checks: [['get_result', ...trip('admin3')]], ok: 200 },
    {
      name: 'GET /get.geojson',
      method: 'GET',
      path: () => `/api/0/get/${idA()}.geojson`,
      checks: [['get_result', ...trip('admin3')], ['get_result', 'admin3:geography:geography']],
      ok: 200,
    },
    { name: 'GET /geography', method: 'GET', path: () => '/api/0/geography/admin1', checks: [['get_result', 'admin1:geography:geography']], ok: 200 },
    { name: 'GET /available_dates', method: 'GET', path: () => '/api/0/available_dates', checks: [['get_available_dates']], ok: 200 },
    { name: 'GET /qa/', method: 'GET', path: () => '/api/0/qa/', checks: [['get_qa_checks']], ok: 200 },
    { name: 'GET /qa/{t}/{c}', method: 'GET', path: () => '/api/0/qa/calls/count_duplicated?start_date=2016-01-01&end_date=2016-01-02', checks: [['get_qa_checks']], ok: -1 },
    { name: 'GET /qa/{t}/{c}/{d}', method: 'GET', path: () => '/api/0/qa/calls/count_duplicated/2016-01-01', checks: [['get_qa_checks']], ok: -1 },
    { name: 'DELETE /run', method: 'DELETE', path: () => `/api/0/run/${idA()}`, checks: [['run', ...trip('admin3')]], ok: 409 },
  ];
  /** Scopes that are never required by these routes, so the refused tokens are not empty. */
  const UNRELATED = ['admin2:spatial_aggregate:daily_location', 'nonspatial:histogram_aggregate:histogram_aggregate'];
  const send = (r: RouteCase, roles: Record<string, string[]>): Promise<HttpResponse> => call(r.method, r.path(), { token: mint(roles), body: r.body });
  const granted = (status: number, r: RouteCase): void => {
    if (r.ok === -1) expect([200, 404]).toContain(status);
    else expect(status).toBe(r.ok);
  };
  const refused = (res: HttpResponse): void => {
    expect(res.status).toBe(403);
    expect(json(res)).toEqual({ msg: 'User claims verification failed' });
  };

  test.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    // Granted: one role per independent check.
    const allowed = Object.fromEntries(r.checks.map((c, i) => [`role${i}`, [...c, ...UNRELATED]]));
    granted((await send(r, allowed)).status, r);
    for (const [i, check] of r.checks.entries()) {
      // Lacking one required scope of this check (the other checks fully held).
      for (const missing of check) {
        const roles = { ...allowed, [`role${i}`]: [...check.filter((s) => s !== missing), ...UNRELATED] };
        refused(await send(r, roles));
      }
      // Split across two roles: every scope held, but by no single role.
      if (check.length >= 2) {
        const half = Math.ceil(check.length / 2);
        const others = Object.fromEntries(Object.entries(allowed).filter(([k]) => k !== `role${i}`));
        refused(await send(r, { ...others, first: [...check.slice(0, half), ...UNRELATED], second: check.slice(half) }));
      }
    }
  }, SLOW);
});
