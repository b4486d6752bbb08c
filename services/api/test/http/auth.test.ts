import { sign } from 'node:crypto';
import request from 'supertest';
import { mintToken } from '@flowdeck/tokens';
import { QUERY_QUEUE_NAME } from '@flowdeck/queries';
import { startApiHarness, testKeyPair, AUDIENCE, type ApiHarness } from '../support/api-harness.js';
import { aggregateScopes, dailyLocationAggregate, seedQuery, seedResultTable, validated } from '../support/query-rows.js';

let h: ApiHarness;
const spec = dailyLocationAggregate();
const q = validated(spec);

beforeAll(async () => {
  h = await startApiHarness();
  await seedQuery(h.db.knex, q, { state: 'completed' });
  await seedResultTable(h.db.knex, q.queryId, 'pcod text, value bigint', ["('A', 20)"]);
}, 60_000);
afterAll(async () => {
  await h?.close();
}, 60_000);

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('token errors (spec/api.md §2)', () => {
  const path = '/api/0/available_dates';
  const roles = { r: ['get_available_dates'] };

  test('no Authorization header → 401', async () => {
    const res = await request(h.app).get(path);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ msg: 'Missing Authorization Header' });
  });

  test('not Bearer → 422', async () => {
    const res = await request(h.app).get(path).set('Authorization', `Token ${h.token(roles)}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ msg: "Bad Authorization header. Expected value 'Bearer <JWT>'" });
  });

  test('malformed JWT → 422 Not enough segments', async () => {
    const res = await request(h.app).get(path).set('Authorization', 'Bearer abc.def');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ msg: 'Not enough segments' });
  });

  test('alg other than RS256 → 422', async () => {
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', aud: AUDIENCE })}.c2ln`;
    const res = await request(h.app).get(path).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ msg: 'The specified alg value is not allowed' });
  });

  test('signature by another key → 422', async () => {
    const other = testKeyPair();
    const res = await request(h.app).get(path).set('Authorization', `Bearer ${h.token(roles, { key: other.key })}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ msg: 'Signature verification failed' });
  });

  test('wrong audience → 422 Invalid audience', async () => {
    const res = await request(h.app).get(path).set('Authorization', `Bearer ${h.token(roles, { aud: 'OTHER' })}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ msg: 'Invalid audience' });
  });

  test('expired → 401 Token has expired', async () => {
    const now = Math.floor(Date.now() / 1000) - 7200;
    const res = await request(h.app)
      .get(path)
      .set('Authorization', `Bearer ${h.token(roles, { now, expiresAt: now + 60 })}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ msg: 'Token has expired' });
  });

  test('nbf in the future beyond leeway → 422', async () => {
    const now = Math.floor(Date.now() / 1000) + 3600;
    const res = await request(h.app).get(path).set('Authorization', `Bearer ${h.token(roles, { now })}`);
    expect(res.status).toBe(422);
    expect(res.body.msg).toMatch(/^The token is not yet valid \((nbf|iat)\)$/);
  });

  test('missing sub → 422 Missing claim: sub', async () => {
    const { token } = mintToken({ key: h.key, sub: 'someone', aud: AUDIENCE, roles, expiresAt: Math.floor(Date.now() / 1000) + 60 });
    const [header, payload] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    delete claims.sub;
    delete claims.identity;
    const signingInput = `${header}.${b64(claims)}`;
    const signature = sign('sha256', Buffer.from(signingInput), h.key.privateKey).toString('base64url');
    const res = await request(h.app).get(path).set('Authorization', `Bearer ${signingInput}.${signature}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ msg: 'Missing claim: sub' });
  });

  test('revoked jti → 401 (revocation list file)', async () => {
    // Covered with a real signed list in spec-health.test.ts; here the hook itself.
    expect(h.deps.revocations.status()).toBe('disabled');
  });

  test('no single role holds every scope → 403', async () => {
    const res = await request(h.app).get(path).set('Authorization', `Bearer ${h.token({ r: ['run'] })}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ msg: 'User claims verification failed' });
  });

  test('access log: refusals name the event, grants name the roles; the token is never logged', async () => {
    const token = h.token({ viewer: ['get_available_dates'] }, { sub: 'LOG_USER' });
    await request(h.app).get(path).set('Authorization', `Bearer ${token}`).set('X-Request-Id', 'req-log-1').expect(200);
    await request(h.app).get(path).set('Authorization', `Bearer ${h.token({ r: ['run'] }, { sub: 'LOG_USER2' })}`).set('X-Request-Id', 'req-log-2');
    const lines = h.logs().filter((l) => l.msg === 'http.access');
    const granted = lines.find((l) => l.request_id === 'req-log-1');
    expect(granted).toMatchObject({ event: 'AUTHORISED', user: 'LOG_USER', roles: ['viewer'], route: '/api/0/available_dates', status: 200 });
    expect(typeof granted?.jti).toBe('string');
    expect(typeof granted?.kid).toBe('string');
    const refused = lines.find((l) => l.request_id === 'req-log-2');
    expect(refused).toMatchObject({ event: 'CLAIMS_VERIFICATION_FAILED', user: 'LOG_USER2', status: 403 });
    expect(h.logText()).not.toContain(token.split('.')[1]);
    expect(h.logText()).not.toContain('user_claims');
  });
});

/** For each protected route: a token lacking one required scope, and one whose scopes are split across two roles. */
describe('single-role rule on every protected route', () => {
  const triplets = aggregateScopes();
  const cases: { name: string; send: (token: string) => request.Test; required: string[] }[] = [
    { name: 'POST /run', send: (t) => request(h.app).post('/api/0/run').set('Authorization', `Bearer ${t}`).send(spec), required: ['run', ...triplets] },
    { name: 'GET /poll', send: (t) => request(h.app).get(`/api/0/poll/${q.queryId}`).set('Authorization', `Bearer ${t}`), required: [...triplets] },
    { name: 'GET /get', send: (t) => request(h.app).get(`/api/0/get/${q.queryId}`).set('Authorization', `Bearer ${t}`), required: ['get_result', ...triplets] },
    { name: 'GET /get.csv', send: (t) => request(h.app).get(`/api/0/get/${q.queryId}.csv`).set('Authorization', `Bearer ${t}`), required: ['get_result', ...triplets] },
    { name: 'DELETE /run', send: (t) => request(h.app).delete(`/api/0/run/${q.queryId}`).set('Authorization', `Bearer ${t}`), required: ['run', ...triplets] },
    { name: 'GET /geography', send: (t) => request(h.app).get('/api/0/geography/admin3').set('Authorization', `Bearer ${t}`), required: ['get_result', 'admin3:geography:geography'] },
    { name: 'GET /available_dates', send: (t) => request(h.app).get('/api/0/available_dates').set('Authorization', `Bearer ${t}`), required: ['get_available_dates'] },
    { name: 'GET /qa/', send: (t) => request(h.app).get('/api/0/qa/').set('Authorization', `Bearer ${t}`), required: ['get_qa_checks'] },
    {
      name: 'GET /qa/range',
      send: (t) => request(h.app).get('/api/0/qa/calls/count_added_rows?start_date=2016-01-01&end_date=2016-01-02').set('Authorization', `Bearer ${t}`),
      required: ['get_qa_checks'],
    },
    { name: 'GET /qa/date', send: (t) => request(h.app).get('/api/0/qa/calls/count_added_rows/2016-01-01').set('Authorization', `Bearer ${t}`), required: ['get_qa_checks'] },
  ];

  for (const c of cases) {
    test(`${c.name}: missing one scope → 403`, async () => {
      for (let drop = 0; drop < c.required.length; drop++) {
        const scopes = c.required.filter((_, i) => i !== drop);
        const res = await c.send(h.token({ role: [...scopes, 'get_qa_checks_x'] }));
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ msg: 'User claims verification failed' });
      }
    });
    if (c.required.length > 1) {
      test(`${c.name}: scopes split across two roles → 403`, async () => {
        const half = Math.ceil(c.required.length / 2);
        const res = await c.send(h.token({ a: c.required.slice(0, half), b: c.required.slice(half) }));
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ msg: 'User claims verification failed' });
      });
    }
    test(`${c.name}: one role with every scope passes the check`, async () => {
      const res = await c.send(h.token({ all: c.required }));
      expect(res.status).not.toBe(403);
      expect(res.status).not.toBe(401);
    });
  }

  test('geojson: the second check alone can fail (403) and may be met by another role', async () => {
    const getRole = ['get_result', ...triplets];
    const only = await request(h.app).get(`/api/0/get/${q.queryId}.geojson`).set('Authorization', `Bearer ${h.token({ a: getRole })}`);
    expect(only.status).toBe(403);
    const split = await request(h.app)
      .get(`/api/0/get/${q.queryId}.geojson`)
      .set('Authorization', `Bearer ${h.token({ a: getRole, geo: ['get_result', 'admin3:geography:geography'] })}`);
    expect(split.status).toBe(200);
  });

  test('queue name is the shared constant', () => {
    expect(QUERY_QUEUE_NAME).toBe('flowdeck-queries');
  });
});

describe('generic HTTP behaviour', () => {
  test('GET / → 200 empty body, with X-Request-Id', async () => {
    const res = await request(h.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a valid incoming X-Request-Id is reused, an invalid one replaced', async () => {
    expect((await request(h.app).get('/').set('X-Request-Id', 'abc.DEF_1-2')).headers['x-request-id']).toBe('abc.DEF_1-2');
    expect((await request(h.app).get('/').set('X-Request-Id', 'bad id!')).headers['x-request-id']).not.toBe('bad id!');
  });

  test('unknown route → JSON 404', async () => {
    const res = await request(h.app).get('/api/0/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'Error', msg: 'Not found.' });
  });

  test('malformed JSON on /run → 400 Could not parse query spec.', async () => {
    const res = await request(h.app)
      .post('/api/0/run')
      .set('Authorization', `Bearer ${h.token({ r: ['run'] })}`)
      .set('Content-Type', 'application/json')
      .send('{"query_kind": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ msg: 'Could not parse query spec.' });
  });

  test('token is checked before the body is parsed', async () => {
    const res = await request(h.app).post('/api/0/run').set('Content-Type', 'application/json').send('{not json');
    expect(res.status).toBe(401);
  });

  test('body larger than MAX_REQUEST_SIZE_MB → 413', async () => {
    const big = JSON.stringify({ query_kind: 'x', pad: 'a'.repeat(10 * 1024 * 1024 + 10) });
    const res = await request(h.app)
      .post('/api/0/run')
      .set('Authorization', `Bearer ${h.token({ r: ['run'] })}`)
      .set('Content-Type', 'application/json')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ msg: 'Request body too large.' });
  });
});
