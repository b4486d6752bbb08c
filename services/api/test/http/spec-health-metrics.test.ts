import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { load } from 'js-yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { publishedScopes } from '@flowdeck/queries';
import { signRevocationList } from '@flowdeck/tokens';
import { AUDIENCE, startApiHarness, testKeyPair, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
const keyPair = testKeyPair();
const dir = mkdtempSync(join(tmpdir(), 'flowdeck-api-'));
const listFile = join(dir, 'revocations.jws');
const REVOKED_JTI = '2f1e8c1a-1f0b-4c55-9c1e-0d6e1bbf4a33';
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  writeFileSync(
    listFile,
    signRevocationList({
      key: keyPair.key,
      entries: [
        { jti: REVOKED_JTI, aud: AUDIENCE, exp: nowSeconds() + 3600 },
        { jti: 'other-audience', aud: 'ELSEWHERE', exp: nowSeconds() + 3600 },
      ],
      now: nowSeconds(),
    }),
  );
  h = await startApiHarness({
    keyPair,
    env: { FLOWAPI_REVOCATION_LIST: listFile, CORS_ORIGIN: 'https://console.example.org' },
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('OpenAPI document (spec/api.md §10)', () => {
  test('JSON: info, security scheme, paths with operationIds; validates as OpenAPI 3.0', async () => {
    const res = await request(h.app).get('/api/0/spec/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a JSON document
    const doc = res.body as Record<string, any>;
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.info).toEqual({
      title: 'FlowAPI',
      version: h.deps.version,
      description: 'Flowdeck Analytical API (FlowKit compatible)',
      license: { name: 'MPLv2', url: 'https://www.mozilla.org/en-US/MPL/2.0/' },
    });
    expect(doc.components.securitySchemes.token).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      'x-security-scopes': publishedScopes(),
      'x-audience': AUDIENCE,
    });
    const scopes = doc.components.securitySchemes.token['x-security-scopes'] as string[];
    for (const s of ['get_available_dates', 'get_qa_checks', 'get_result', 'run']) expect(scopes).toContain(s);
    expect(doc.components.schemas.FlowmachineQuerySchema.discriminator.propertyName).toBe('query_kind');
    const operationIds: Record<string, string> = {};
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)) {
      for (const [method, op] of Object.entries(item)) if (op.operationId) operationIds[`${method.toUpperCase()} ${path}`] = op.operationId;
    }
    expect(operationIds).toEqual({
      'POST /api/0/run': 'query.run_query.post',
      'GET /api/0/poll/{query_id}': 'query.poll_query.get',
      'GET /api/0/get/{query_id}': 'query.get_query_result.get',
      'GET /api/0/get/{query_id}.{filetype}': 'query.get_query_result_filetype.get',
      'GET /api/0/geography/{aggregation_unit}': 'geography.get_geography.get',
      'GET /api/0/available_dates': 'query.get_available_dates.get',
      'GET /api/0/qa/': 'qa.list_qa_checks.get',
      'GET /api/0/qa/{cdr_type}/{check_type}': 'qa.get_qa_date_range.get',
      'GET /api/0/qa/{cdr_type}/{check_type}/{check_date}': 'qa.get_qa_on_date.get',
      'DELETE /api/0/run/{query_id}': 'query.cancel_query.delete',
    });
    expect(doc.paths['/api/0/run'].post.security).toEqual([{ token: [] }]);
    expect(doc.paths['/health']).toBeUndefined();
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  test('YAML is the same document', async () => {
    const json = (await request(h.app).get('/api/0/spec/openapi.json')).body;
    const res = await request(h.app).get('/api/0/spec/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-yaml/);
    expect(load(res.text)).toEqual(json);
  });

  test('ReDoc page uses the bundle served by the api itself', async () => {
    const page = await request(h.app).get('/api/0/spec/redoc');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const src = /<script src="([^"]+)">/.exec(page.text)?.[1];
    expect(src).toBe('/api/0/spec/redoc.standalone.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const bundle = await request(h.app).get(src ?? '');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/^application\/javascript/);
    expect(Number(bundle.headers['content-length'])).toBeGreaterThan(100_000);
  });
});

describe('revocation list (spec/tokens.md §8)', () => {
  test('a listed jti → 401 Token has been revoked; other jtis pass', async () => {
    const { mintToken } = await import('@flowdeck/tokens');
    const roles = { r: ['get_available_dates'] };
    const revoked = mintToken({ key: keyPair.key, sub: 'U', aud: AUDIENCE, roles, expiresAt: nowSeconds() + 600, jti: REVOKED_JTI }).token;
    const res = await request(h.app).get('/api/0/available_dates').set('Authorization', `Bearer ${revoked}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ msg: 'Token has been revoked' });
    const fine = mintToken({ key: keyPair.key, sub: 'U', aud: AUDIENCE, roles, expiresAt: nowSeconds() + 600, jti: 'other-audience' }).token;
    expect((await request(h.app).get('/api/0/available_dates').set('Authorization', `Bearer ${fine}`)).status).toBe(200);
  });

  test('a failed refresh keeps the list in force and reports stale', async () => {
    writeFileSync(listFile, 'garbage');
    await h.deps.revocations.refresh();
    expect(h.deps.revocations.status()).toBe('stale');
    expect(h.deps.revocations.isRevoked(REVOKED_JTI)).toBe(true);
    const res = await request(h.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.checks.revocation_list).toBe('stale');
  });
});

describe('GET /health (spec/api.md §11.2)', () => {
  test('200 with every check', async () => {
    await h.deps.revocations.refresh();
    const res = await request(h.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      service: 'api',
      version: h.deps.version,
      checks: { flowdb: 'ok', redis: 'ok', public_keys: 'ok', revocation_list: expect.stringMatching(/^(ok|stale)$/) },
    });
  });

  test('HEAD answers without a body', async () => {
    const res = await request(h.app).head('/health');
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
  });

  test('FlowDB down → 503 unavailable with the failing check', async () => {
    const down = await startApiHarness({ env: { FLOWDB_PORT: '1' } });
    try {
      const res = await request(down.app).get('/health');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('unavailable');
      expect(res.body.checks.flowdb).toMatch(/^error: /);
      expect(res.body.checks.redis).toBe('ok');
      expect(res.body.checks.revocation_list).toBe('disabled');
      const poll = await request(down.app).get('/api/0/poll/abc').set('Authorization', `Bearer ${down.token({ r: [] })}`);
      expect(poll.status).toBe(503);
      expect(poll.headers['retry-after']).toBe('5');
      expect(poll.body).toEqual({ status: 'Error', msg: 'Service unavailable.' });
    } finally {
      await down.close();
    }
  }, 20_000);
});

describe('GET /metrics (spec/api.md §11.3)', () => {
  test('Prometheus text with the http and auth metrics and flowdeck_ process metrics', async () => {
    await request(h.app).get('/api/0/available_dates');
    await request(h.app).get('/api/0/poll/abc');
    const res = await request(h.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toMatch(/flowdeck_http_requests_total\{service="api",route="\/api\/0\/available_dates",method="GET",status="401"\} \d+/);
    expect(res.text).toMatch(/flowdeck_http_requests_total\{service="api",route="\/api\/0\/poll\/:query_id",method="GET",status="401"\}/);
    expect(res.text).toContain('flowdeck_http_request_duration_seconds_bucket{');
    expect(res.text).toMatch(/flowdeck_auth_failures_total\{service="api",reason="UNAUTHORISED"\} [2-9]/);
    expect(res.text).toContain('flowdeck_process_cpu_user_seconds_total');
    expect(res.text).not.toContain('/api/0/poll/abc');
  });
});

describe('CORS (CORS_ORIGIN)', () => {
  test('allowed origin gets the headers and preflights are answered', async () => {
    const res = await request(h.app).get('/').set('Origin', 'https://console.example.org');
    expect(res.headers['access-control-allow-origin']).toBe('https://console.example.org');
    const pre = await request(h.app)
      .options('/api/0/run')
      .set('Origin', 'https://console.example.org')
      .set('Access-Control-Request-Method', 'POST');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toContain('Authorization');
  });

  test('other origins get no CORS headers', async () => {
    const res = await request(h.app).get('/').set('Origin', 'https://evil.example.org');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
