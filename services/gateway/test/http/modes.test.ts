import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { gatewaySettings } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { bearerFor, httpsRequest, waitUntil } from '../support/client.js';
import { startGateway, type TestGateway } from '../support/gateway-instance.js';
import { writeSelfSignedCert } from '../support/tls-cert.js';
import { startUpstream, unusedPort } from '../support/upstream-server.js';

function plainGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('gateway start-up modes and degraded Redis', () => {
  const prefix = testRedisPrefix();
  const emptyDir = mkdtempSync(join(tmpdir(), 'gateway-nocert-'));
  const certDir = mkdtempSync(join(tmpdir(), 'gateway-cert-'));
  let cert: string;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    cert = writeSelfSignedCert(certDir).cert;
    upstream = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, proto: req.headers['x-forwarded-proto'] }));
    });
  });

  afterAll(async () => {
    for (const g of gateways) await g.close();
    await upstream.close();
    await deleteRedisPrefix(prefix);
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(certDir, { recursive: true, force: true });
  });

  test.each(['production', 'test'])('refuses to start without certificate and key when NODE_ENV=%s', (nodeEnv) => {
    const { values } = loadConfig(gatewaySettings, { env: { NODE_ENV: nodeEnv }, secretsDir: emptyDir });
    const log = createLogger({ service: 'gateway', level: 'silent' });
    expect(() => createDeps(values, log)).toThrow(ConfigError);
  });

  test('serves plain HTTP with a warning in development without certificate and key', async () => {
    const dev = await startGateway(
      { NODE_ENV: 'development', GATEWAY_API_URL: upstream.url, GATEWAY_AUTH_URL: upstream.url, REDIS_KEY_PREFIX: `${prefix}:dev` },
      { secretsDir: emptyDir },
    );
    gateways.push(dev);
    const res = await plainGet(dev.apiPort, '/api/0/x');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ path: '/api/0/x', proto: 'http' });
    expect(dev.logLines.some((l) => l.level === 'warn' && l.msg === 'gateway.tls_disabled_development')).toBe(true);
  });

  test('an ETL listener exists only when GATEWAY_ETL_PORT is set, and routes everything but /metrics to the ETL monitor', async () => {
    const g = await startGateway(
      { GATEWAY_API_URL: upstream.url, GATEWAY_AUTH_URL: upstream.url, GATEWAY_ETL_URL: upstream.url, GATEWAY_ETL_PORT: '0', REDIS_KEY_PREFIX: `${prefix}:etl` },
      { secretsDir: certDir },
    );
    gateways.push(g);
    expect(g.etlPort).toBeDefined();
    const res = await httpsRequest(g.etlPort ?? 0, cert, { path: '/dags?x=1' });
    expect(res.json()).toEqual({ path: '/dags?x=1', proto: 'https' });
    expect((await httpsRequest(g.etlPort ?? 0, cert, { path: '/metrics' })).status).toBe(404);
  });

  test('fails open with a warning when the rate-limit Redis is down', async () => {
    const g = await startGateway(
      {
        GATEWAY_API_URL: upstream.url,
        GATEWAY_AUTH_URL: upstream.url,
        GATEWAY_REDIS_PORT: String(await unusedPort()),
        GATEWAY_RATE_LIMIT_PER_MINUTE: '1',
        REDIS_KEY_PREFIX: `${prefix}:down`,
      },
      { secretsDir: certDir, waitForRedis: false },
    );
    gateways.push(g);
    for (let i = 0; i < 3; i += 1) {
      const res = await httpsRequest(g.apiPort, cert, { path: '/api/0/x', headers: { authorization: bearerFor('carol') } });
      expect(res.status).toBe(200);
    }
    await waitUntil(() => g.logLines.some((l) => l.level === 'warn' && l.msg === 'rate_limit.redis_unavailable'));
  });
});
