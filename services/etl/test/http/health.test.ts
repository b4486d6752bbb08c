import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { buildApp } from '../../src/app.js';
import { etlSettings, flowdbConnectionString } from '../../src/config.js';

const log = createLogger({ service: 'etl-test', level: 'silent' });
let db: TestDatabase;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-http-'));
  const app = buildApp({ db: db.knex, etlDir: dir, version: '9.9.9', log });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('GET /health', () => {
  test('ok when FlowDB and the ETL directory are there', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'etl', version: '9.9.9', checks: { flowdb: 'ok', etl_dir: 'ok' } });
    const head = await fetch(`${base}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  test('503 naming the failing check when the directory is missing', async () => {
    const app = buildApp({ db: db.knex, etlDir: join(dir, 'nope'), version: '9.9.9', log });
    const s = await new Promise<Server>((resolve) => {
      const x = app.listen(0, '127.0.0.1', () => resolve(x));
    });
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', service: 'etl', version: '9.9.9', checks: { flowdb: 'ok', etl_dir: 'error: missing' } });
    } finally {
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  test('unknown paths are 404', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe('config', () => {
  const env = { FLOWDB_POSTGRES_PASSWORD: 'p@ss', FLOWDB_HOST: 'flowdb', FLOWDB_PORT: '5432', FLOWETL_REDIS_PASSWORD: '' };
  test('AIRFLOW_CONN_FLOWDB defaults to the owner URL built from FlowDB settings', () => {
    const { values } = loadConfig(etlSettings, { env, secretsDir: '/nonexistent' });
    expect(flowdbConnectionString(values)).toBe('postgres://flowdb:p%40ss@flowdb:5432/flowdb');
    expect(values).toMatchObject({ FLOWDB_ETL_DIR: '/etl', FLOWETL_PORT: 8080, FLOWETL_SCAN_INTERVAL_SECONDS: 60 });
  });
  test('AIRFLOW_CONN_FLOWDB wins; neither secret is a ConfigError', () => {
    const { values } = loadConfig(etlSettings, { env: { ...env, AIRFLOW_CONN_FLOWDB: 'postgres://x@y/z' }, secretsDir: '/nonexistent' });
    expect(flowdbConnectionString(values)).toBe('postgres://x@y/z');
    const bare = loadConfig(etlSettings, { env: { FLOWETL_REDIS_PASSWORD: '' }, secretsDir: '/nonexistent' }).values;
    expect(() => flowdbConnectionString(bare)).toThrow(ConfigError);
  });
});
