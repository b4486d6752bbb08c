import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { QUERY_QUEUE_NAME } from '@flowdeck/queries';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { loadDataset } from '../support/dataset.js';
import { dailyLocationSpec, eventually, submit, testEngine, waitForState } from '../support/engine.js';

// This file FLUSHALLs a throw-away redis-server of its own (never the shared one).
let db: TestDatabase;
let apiDb: Knex;
let redisServer: ChildProcess;
let redisPort: number;
let redis: Redis;
let queue: Queue;
let engine: Deps | undefined;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDataset(db.knex);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  redisPort = await freePort();
  redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: 'ignore',
  });
  redis = new Redis({ host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null, lazyConnect: true });
  await eventually(async () => {
    try {
      if (redis.status !== 'ready') await redis.connect();
      return (await redis.ping()) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    }
  }, 20_000, 'the throw-away redis-server');
  queue = new Queue(QUERY_QUEUE_NAME, { connection: { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null }, prefix: 'flush' });
}, 120_000);

afterAll(async () => {
  if (engine !== undefined) await closeDeps(engine);
  await queue.close();
  redis.disconnect();
  if (redisServer.exitCode === null) {
    const exited = new Promise((r) => redisServer.once('exit', r));
    redisServer.kill('SIGTERM');
    await exited;
  }
  await apiDb.destroy();
  await db.drop();
}, 120_000);

function spec(method: 'last' | 'most-common', date: string, hours: { start_hour: number; end_hour: number } | null): Record<string, unknown> {
  return { query_kind: 'spatial_aggregate', locations: { ...dailyLocationSpec(method, 'admin3', date), hours } };
}

describe('Redis flushed while queries are queued and running', () => {
  it('loses nothing: every query still completes', async () => {
    engine = testEngine(db.name, 'flush', {
      REDIS_PORT: String(redisPort),
      WORKER_CAPACITY: '1',
      WORKER_KEEPALIVE_INTERVAL: '0.2',
      WORKER_KEEPALIVE_TIMEOUT: '5',
    });
    startBackground(engine);
    const lock = await db.knex.transaction();
    await lock.raw('LOCK TABLE infrastructure.cells IN ACCESS EXCLUSIVE MODE');
    const ids: string[] = [];
    try {
      for (const method of ['last', 'most-common'] as const) {
        for (const date of ['2016-01-01', '2016-01-02']) {
          for (const hours of [null, { start_hour: 6, end_hour: 20 }]) ids.push(await submit(apiDb, queue, spec(method, date, hours)));
        }
      }
      // One runs (blocked on the lock), the others wait in the queue.
      await eventually(async () => {
        const rows = (await db.knex('cache.queries').whereIn('query_id', ids).select('state')) as { state: string }[];
        return rows.filter((r) => r.state === 'executing').length === 1 ? true : undefined;
      }, 30_000, 'one query executing');
      const waiting = await queue.getJobCounts('waiting');
      expect(waiting['waiting']).toBeGreaterThan(0);
      expect(await redis.flushall()).toBe('OK');
      expect(await redis.dbsize()).toBe(0);
    } finally {
      await lock.rollback();
    }
    for (const id of ids) {
      const row = await waitForState(db.knex, id, ['completed', 'errored', 'cancelled'], 90_000);
      expect([id, row['state']]).toEqual([id, 'completed']);
    }
    expect(await db.knex('cache.queries').whereIn('state', ['executing', 'queued']).count({ n: '*' })).toEqual([{ n: '0' }]);
  }, 180_000);
});
