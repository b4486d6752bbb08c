import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { buildApp } from '../../src/app.js';
import { closeDeps, type Deps } from '../../src/deps.js';
import { testEngine } from '../support/engine.js';

let db: TestDatabase;
let prefix: string;
let engine: Deps;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testRedisPrefix();
  engine = testEngine(db.name, prefix);
  server = buildApp(engine, { version: '0.1.0' }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await closeDeps(engine);
  await deleteRedisPrefix(prefix);
  await db.drop();
});

describe('GET /health and /metrics', () => {
  it('reports unavailable until the janitor has made a pass, then ok', async () => {
    const before = await fetch(`${base}/health`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({
      status: 'unavailable',
      service: 'query-engine',
      version: '0.1.0',
      checks: { flowdb: 'ok', redis: 'ok', janitor: 'error: no pass yet', cache_budget: 'ok' },
    });
    await engine.janitor.runOnce();
    const after = await fetch(`${base}/health`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({
      status: 'ok',
      service: 'query-engine',
      version: '0.1.0',
      checks: { flowdb: 'ok', redis: 'ok', janitor: 'ok', cache_budget: 'ok' },
    });
    const head = await fetch(`${base}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('serves the engine metrics in Prometheus text format', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    for (const name of [
      'flowdeck_queries_total',
      'flowdeck_query_duration_seconds',
      'flowdeck_cache_hits_total',
      'flowdeck_cache_misses_total',
      'flowdeck_cache_size_bytes',
      'flowdeck_cache_evictions_total',
      'flowdeck_queue_jobs',
      'flowdeck_queries_by_state',
      'flowdeck_cache_entries',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect(text).toContain('flowdeck_queue_jobs{queue="queries",state="waiting"} 0');
    expect(text).toContain('flowdeck_queries_by_state{state="executing"} 0');
    expect(text).toContain('flowdeck_cache_size_bytes 0');
    expect(text).toContain('flowdeck_cache_entries 0');
  });
});
