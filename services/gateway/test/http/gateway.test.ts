import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { bearerFor, httpsRequest, waitUntil } from '../support/client.js';
import { startGateway, type TestGateway } from '../support/gateway-instance.js';
import { writeSelfSignedCert } from '../support/tls-cert.js';
import { startUpstream, unusedPort } from '../support/upstream-server.js';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  completed: boolean;
  closed: boolean;
}

const STREAM_CHUNK = Buffer.alloc(64 * 1024, 'x');
const STREAM_CHUNKS = 256; // 16 MiB

describe('gateway (TLS listeners, routing, limits, proxying)', () => {
  const prefix = testRedisPrefix();
  let secretsDir: string;
  let cert: string;
  const seen: Seen[] = [];
  let metricsHits = 0;
  let releaseStream: (() => void) | undefined;
  let api: Awaited<ReturnType<typeof startUpstream>>;
  let auth: Awaited<ReturnType<typeof startUpstream>>;
  const gateways: TestGateway[] = [];
  let gw: TestGateway;

  function apiHandler(req: IncomingMessage, res: ServerResponse): void {
    const entry: Seen = { path: req.url ?? '', headers: req.headers, bodyBytes: 0, completed: false, closed: false };
    seen.push(entry);
    req.on('data', (c: Buffer) => (entry.bodyBytes += c.length));
    req.on('end', () => (entry.completed = true));
    res.on('close', () => (entry.closed = true));
    if (req.url === '/metrics') metricsHits += 1;
    if (req.url === '/api/0/stream') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-frame-options': 'SAMEORIGIN' });
      res.write(STREAM_CHUNK);
      // The rest is only sent once the test has seen the first chunk: proof the gateway does not buffer.
      releaseStream = () => {
        let i = 1;
        const writeMore = (): void => {
          while (i < STREAM_CHUNKS) {
            i += 1;
            if (!res.write(STREAM_CHUNK)) return void res.once('drain', writeMore);
          }
          res.end();
        };
        writeMore();
      };
      return;
    }
    if (req.url === '/api/0/hang') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('started');
      return; // never ends: the client aborts
    }
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive', 'keep-alive': 'timeout=5' });
      res.end(JSON.stringify({ path: req.url, bytes: entry.bodyBytes }));
    });
    req.resume();
  }

  beforeAll(async () => {
    secretsDir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
    cert = writeSelfSignedCert(secretsDir).cert;
    api = await startUpstream(apiHandler);
    auth = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': ['a=1', 'b=2'] });
      res.end(`<p>auth ${req.url ?? ''}</p>`);
    });
    gw = await startGateway(
      { GATEWAY_API_URL: api.url, GATEWAY_AUTH_URL: auth.url, REDIS_KEY_PREFIX: `${prefix}:main`, MAX_REQUEST_SIZE_MB: '1' },
      { secretsDir },
    );
    gateways.push(gw);
  });

  afterAll(async () => {
    for (const g of gateways) await g.close();
    await api.close();
    await auth.close();
    await deleteRedisPrefix(prefix);
    rmSync(secretsDir, { recursive: true, force: true });
  });

  const lastSeen = (): Seen => {
    const s = seen.at(-1);
    if (s === undefined) throw new Error('upstream saw no request');
    return s;
  };

  test('serves TLS with the configured certificate and routes / to the api', async () => {
    const res = await httpsRequest(gw.apiPort, cert, { path: '/' });
    expect(res.status).toBe(200);
    expect(lastSeen().path).toBe('/');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    await expect(httpsRequest(gw.apiPort, '', { path: '/' })).rejects.toThrow(); // untrusted without the CA
  });

  test('proxies /api/0/* with the request id passed through and returned, and forwarding headers set', async () => {
    const res = await httpsRequest(gw.apiPort, cert, {
      path: '/api/0/poll/abc?x=1',
      headers: { 'x-request-id': 'req-123.A_b', 'x-forwarded-for': '6.6.6.6', host: 'flow.api' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ path: '/api/0/poll/abc?x=1', bytes: 0 });
    expect(res.headers['x-request-id']).toBe('req-123.A_b');
    expect(res.headers['keep-alive']).toBeUndefined();
    const up = lastSeen().headers;
    expect(up['x-request-id']).toBe('req-123.A_b');
    expect(up['x-forwarded-for']).toBe('127.0.0.1');
    expect(up['x-forwarded-proto']).toBe('https');
    expect(up['x-forwarded-host']).toBe('flow.api');
    expect(up.host).toBe('flow.api');
  });

  test('replaces an invalid incoming request id with a UUID on both sides', async () => {
    const res = await httpsRequest(gw.apiPort, cert, { path: '/api/0/x', headers: { 'x-request-id': 'bad id!' } });
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lastSeen().headers['x-request-id']).toBe(id);
  });

  test.each(['/metrics', '/METRICS', '/metrics/', '/api/0/../metrics', '/api/0/%2e%2e/metrics', '//metrics'])(
    'never routes %s on the API listener',
    async (path) => {
      const res = await httpsRequest(gw.apiPort, cert, { path });
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({ msg: 'Not found.' });
      expect(metricsHits).toBe(0);
    },
  );

  test('never routes /metrics on the auth listener, and routes everything else there to auth', async () => {
    const blocked = await httpsRequest(gw.authPort, cert, { path: '/%6detrics' });
    expect(blocked.status).toBe(404);
    const res = await httpsRequest(gw.authPort, cert, { path: '/login?next=/' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<p>auth /login?next=/</p>');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  test('answers 404 JSON for paths the API listener does not route', async () => {
    const res = await httpsRequest(gw.apiPort, cert, { path: '/admin' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ msg: 'Not found.' });
  });

  test('refuses a body whose Content-Length exceeds MAX_REQUEST_SIZE_MB before proxying it', async () => {
    const before = seen.length;
    // Declares 2 MiB but sends only the head: the answer must come from Content-Length alone.
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port: gw.apiPort, ca: cert, method: 'POST', path: '/api/0/run', agent: false,
          headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) } },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => {
            resolve({ status: r.statusCode ?? 0, body });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ msg: 'Request body too large.' });
    expect(seen.length).toBe(before);
  });

  test('refuses a chunked body once it exceeds the limit while streaming, and aborts the upstream request', async () => {
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 'a')); // 2.5 MiB
    const res = await httpsRequest(gw.apiPort, cert, { method: 'POST', path: '/api/0/run', body: chunks });
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ msg: 'Request body too large.' });
    const up = lastSeen();
    await waitUntil(() => up.closed);
    expect(up.completed).toBe(false);
    expect(up.bodyBytes).toBeLessThanOrEqual(1024 * 1024);
  });

  test('answers Expect: 100-continue only when the body is acceptable', async () => {
    const send = (length: number): Promise<{ status: number; continued: boolean }> =>
      new Promise((resolve, reject) => {
        let continued = false;
        const req = https.request(
          { host: '127.0.0.1', port: gw.apiPort, ca: cert, method: 'POST', path: '/api/0/run', agent: false,
            headers: { expect: '100-continue', 'content-length': String(length) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, continued });
              req.destroy();
            });
          },
        );
        req.on('continue', () => {
          continued = true;
          req.end(Buffer.alloc(length, 'c'));
        });
        req.on('error', reject);
        req.flushHeaders();
      });
    expect(await send(1000)).toEqual({ status: 200, continued: true });
    expect(await send(2 * 1024 * 1024)).toEqual({ status: 413, continued: false });
  });

  test('passes a chunked body under the limit through whole', async () => {
    const chunks = Array.from({ length: 8 }, () => Buffer.alloc(64 * 1024, 'b')); // 512 KiB
    const res = await httpsRequest(gw.apiPort, cert, { method: 'POST', path: '/api/0/run', body: chunks });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ path: '/api/0/run', bytes: 512 * 1024 });
  });

  test('streams a large chunked response through without buffering it', async () => {
    const hash = createHash('sha256');
    let received = 0;
    const result = await new Promise<{ status: number; chunked: boolean; xfo: unknown }>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: gw.apiPort, ca: cert, path: '/api/0/stream', agent: false }, (res) => {
        res.on('data', (c: Buffer) => {
          if (received === 0) releaseStream?.(); // the upstream holds the rest until the first bytes arrived here
          received += c.length;
          hash.update(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, chunked: res.headers['transfer-encoding'] === 'chunked', xfo: res.headers['x-frame-options'] }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(result.status).toBe(200);
    expect(result.chunked).toBe(true);
    expect(result.xfo).toBe('DENY'); // the gateway's security headers replace the upstream's
    expect(received).toBe(STREAM_CHUNK.length * STREAM_CHUNKS);
    const expected = createHash('sha256');
    for (let i = 0; i < STREAM_CHUNKS; i += 1) expected.update(STREAM_CHUNK);
    expect(hash.digest('hex')).toBe(expected.digest('hex'));
  });

  test('a client that goes away aborts the upstream request', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: gw.apiPort, ca: cert, path: '/api/0/hang', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
      req.end();
    });
    const up = seen.find((s) => s.path === '/api/0/hang');
    await waitUntil(() => up?.closed === true);
  });

  test('accepts a 60 KiB header section and forwards it whole', async () => {
    const big = 'y'.repeat(60 * 1024);
    const res = await httpsRequest(gw.apiPort, cert, { path: '/api/0/get/q', headers: { 'x-big': big, authorization: `Bearer ${'z'.repeat(2000)}` } });
    expect(res.status).toBe(200);
    expect(lastSeen().headers['x-big']).toBe(big);
  });

  test('GET /health reports the gateway with checks api and auth', async () => {
    const res = await httpsRequest(gw.apiPort, cert, { path: '/health' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'gateway', version: expect.any(String), checks: { api: 'ok', auth: 'ok' } });
    const head = await httpsRequest(gw.apiPort, cert, { method: 'HEAD', path: '/health' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  test('writes one JSON access line per request without headers, cookies or tokens', async () => {
    await httpsRequest(gw.apiPort, cert, { path: '/api/0/logged', headers: { 'x-request-id': 'log-me', authorization: bearerFor('alice'), cookie: 'session=s3cr3t' } });
    await waitUntil(() => gw.logLines.some((l) => l.request_id === 'log-me'));
    const line = gw.logLines.find((l) => l.request_id === 'log-me');
    expect(line).toMatchObject({ msg: 'http.access', method: 'GET', route: '/api/0', status: 200, upstream: 'api', src_ip: '127.0.0.1' });
    expect(typeof line?.duration_ms).toBe('number');
    const text = JSON.stringify(gw.logLines);
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('/api/0/logged');
  });

  describe('when an upstream is down', () => {
    let down: TestGateway;
    beforeAll(async () => {
      const port = await unusedPort();
      down = await startGateway(
        { GATEWAY_API_URL: `http://127.0.0.1:${port}`, GATEWAY_AUTH_URL: auth.url, REDIS_KEY_PREFIX: `${prefix}:down` },
        { secretsDir },
      );
      gateways.push(down);
    });

    test('answers 502 with the upstream-unavailable body', async () => {
      const res = await httpsRequest(down.apiPort, cert, { path: '/api/0/poll/x', headers: { 'x-request-id': 'down-1' } });
      expect(res.status).toBe(502);
      expect(res.json()).toEqual({ status: 'Error', msg: 'Upstream unavailable.' });
      expect(res.headers['x-request-id']).toBe('down-1');
    });

    test('GET /health answers 503 naming the failing check', async () => {
      const res = await httpsRequest(down.apiPort, cert, { path: '/health' });
      expect(res.status).toBe(503);
      const body = res.json() as { status: string; checks: Record<string, string> };
      expect(body.status).toBe('unavailable');
      expect(body.checks.api).toMatch(/^error: /);
      expect(body.checks.auth).toBe('ok');
    });
  });

  describe('rate limits shared through Redis', () => {
    // A pinned clock keeps every request in one window, so a minute boundary cannot reset the counters mid-test.
    const now = (): Date => new Date('2030-01-01T00:00:30.000Z');
    let a: TestGateway;
    let b: TestGateway;
    beforeAll(async () => {
      const env = {
        GATEWAY_API_URL: api.url,
        GATEWAY_AUTH_URL: auth.url,
        REDIS_KEY_PREFIX: `${prefix}:rl`,
        GATEWAY_RATE_LIMIT_PER_MINUTE: '4',
        GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE: '100',
      };
      a = await startGateway(env, { secretsDir, now });
      b = await startGateway(env, { secretsDir, now });
      gateways.push(a, b);
    });

    test('a subject over its budget gets 429 with Retry-After, on either instance; others are unaffected', async () => {
      const alice = { authorization: bearerFor('alice') };
      const statuses: number[] = [];
      for (const port of [a.apiPort, b.apiPort, a.apiPort, b.apiPort]) {
        statuses.push((await httpsRequest(port, cert, { path: '/api/0/x', headers: alice })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
      for (const port of [a.apiPort, b.apiPort]) {
        const res = await httpsRequest(port, cert, { path: '/api/0/x', headers: alice });
        expect(res.status).toBe(429);
        expect(res.json()).toEqual({ msg: 'Too many requests.' });
        expect(res.headers['retry-after']).toBe('30');
      }
      const bob = await httpsRequest(a.apiPort, cert, { path: '/api/0/x', headers: { authorization: bearerFor('bob') } });
      expect(bob.status).toBe(200);
    });

    test('the per-address budget applies across subjects', async () => {
      const c = await startGateway(
        { GATEWAY_API_URL: api.url, GATEWAY_AUTH_URL: auth.url, REDIS_KEY_PREFIX: `${prefix}:addr`, GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE: '3' },
        { secretsDir, now },
      );
      gateways.push(c);
      const statuses: number[] = [];
      for (const sub of ['u1', 'u2', 'u3', 'u4']) {
        statuses.push((await httpsRequest(c.apiPort, cert, { path: '/api/0/x', headers: { authorization: bearerFor(sub) } })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
});
