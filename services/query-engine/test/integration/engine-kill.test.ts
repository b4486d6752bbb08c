import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, TEST_ROLES, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { loadDataset } from '../support/dataset.js';
import { eventually, spatialAggregateSpec, submit, testQueue, waitForState } from '../support/engine.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ENGINE_MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

let db: TestDatabase;
let apiDb: Knex;
let prefix: string;
let queue: Queue;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The real engine as a child process (src/main.ts), against the test database and Redis prefix. */
async function startEngineProcess(): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ENGINE_MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      FLOWDB_HOST: '127.0.0.1',
      FLOWDB_PORT: '5432',
      FLOWDB_DATABASE: db.name,
      FLOWMACHINE_FLOWDB_USER: TEST_ROLES.engineUser,
      FLOWMACHINE_FLOWDB_PASSWORD: TEST_ROLES.enginePassword,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: prefix,
      FLOWMACHINE_PORT: String(port),
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
      WORKER_KEEPALIVE_INTERVAL: '0.2',
      WORKER_KEEPALIVE_TIMEOUT: '2',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  await eventually(
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    },
    60_000,
    'the engine to be healthy',
  );
  return child;
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDataset(db.knex);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
  prefix = testRedisPrefix();
  queue = testQueue(prefix);
}, 120_000);

afterAll(async () => {
  for (const c of children) await stopProcess(c, 'SIGKILL');
  await queue.close();
  await apiDb.destroy();
  await deleteRedisPrefix(prefix);
  await db.drop();
}, 120_000);

describe('an engine killed while it runs a query', () => {
  it('leaves nothing executing: a new engine completes the query without anyone touching it', async () => {
    const first = await startEngineProcess();
    // Node SQL blocks on this lock, so the query is certainly executing when the engine dies.
    const lock = await db.knex.transaction();
    await lock.raw('LOCK TABLE infrastructure.cells IN ACCESS EXCLUSIVE MODE');
    let id: string;
    try {
      id = await submit(apiDb, queue, spatialAggregateSpec('last'));
      await waitForState(db.knex, id, ['executing'], 30_000);
      await eventually(async () => {
        const r = await db.knex.raw(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'flowdeck-engine:%' AND wait_event_type = 'Lock'",
        );
        return Number(r.rows[0].n) > 0 ? true : undefined;
      }, 30_000, 'node SQL to block on the lock');
      await stopProcess(first, 'SIGKILL');
      expect((await db.knex('cache.queries').where({ query_id: id }).first()).state).toBe('executing');
    } finally {
      await lock.rollback();
    }

    await startEngineProcess();
    const row = await waitForState(db.knex, id, ['completed', 'errored'], 90_000);
    expect(row['state']).toBe('completed');
    const values = (await db.knex(`cache.x${id}`).select('pcod', 'value')) as { pcod: string; value: number }[];
    expect(values.length).toBeGreaterThan(0);
    expect(await db.knex('cache.queries').where({ state: 'executing' }).count({ n: '*' })).toEqual([{ n: '0' }]);
    const events = (await db.knex('cache.query_state_history').where({ query_id: id }).orderBy('id')).map((h: { event: string }) => h.event);
    expect(events).toContain('requeue');
    expect(events[events.length - 1]).toBe('finish');
  }, 180_000);
});
