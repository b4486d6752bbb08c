import type { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { closeDeps, startBackground, type Deps } from '../../src/deps.js';
import { maxRunDurationMessage } from '../../src/domain/failure-message.js';
import { loadDataset } from '../support/dataset.js';
import { dailyLocationSpec, eventually, submit, testEngine, testQueue, waitForState } from '../support/engine.js';

let db: TestDatabase;
let apiDb: Knex;
const prefixes: string[] = [];
const queues: Queue[] = [];
const engines: Deps[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDataset(db.knex);
  apiDb = testKnex(roleUrl(db.name, 'flowapi'), 2);
}, 60_000);

afterAll(async () => {
  for (const e of engines) await closeDeps(e);
  for (const q of queues) await q.close();
  await apiDb.destroy();
  for (const p of prefixes) await deleteRedisPrefix(p);
  await db.drop();
});

function startEngine(env: Record<string, string> = {}): { engine: Deps; queue: Queue } {
  const prefix = testRedisPrefix();
  prefixes.push(prefix);
  const queue = testQueue(prefix);
  queues.push(queue);
  const engine = testEngine(db.name, prefix, env);
  engines.push(engine);
  startBackground(engine);
  return { engine, queue };
}

function spec(unit: string, hours: { start_hour: number; end_hour: number } | null): Record<string, unknown> {
  return { query_kind: 'spatial_aggregate', locations: { ...dailyLocationSpec('most-common', unit), hours } };
}

/** Holds an ACCESS EXCLUSIVE lock on infrastructure.cells until `release` is called, so node SQL blocks. */
async function lockCells(): Promise<{ release: () => Promise<void> }> {
  const trx = await db.knex.transaction();
  await trx.raw('LOCK TABLE infrastructure.cells IN ACCESS EXCLUSIVE MODE');
  return { release: () => trx.rollback().then(() => undefined) };
}

async function isBlocked(): Promise<true | undefined> {
  const r = await db.knex.raw(
    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'flowdeck-engine:%' AND wait_event_type = 'Lock'",
  );
  return Number(r.rows[0].n) > 0 ? true : undefined;
}

describe('failed and cancelled runs', () => {
  it('errors a node that exceeds WORKER_MAX_RUN_DURATION_SECONDS (statement_timeout)', async () => {
    const { queue } = startEngine({ WORKER_MAX_RUN_DURATION_SECONDS: '1' });
    const lock = await lockCells();
    try {
      const id = await submit(apiDb, queue, spec('admin3', { start_hour: 3, end_hour: 23 }));
      const row = await waitForState(db.knex, id, ['errored', 'completed']);
      expect(row['message']).toBe(maxRunDurationMessage(1));
      const history = (await db.knex('cache.query_state_history').where({ query_id: id }).orderBy('id')).map((h: { event: string }) => h.event);
      expect(history).toEqual(['create', 'queue', 'execute', 'error']);
    } finally {
      await lock.release();
    }
  });

  it('cancels the running statement when the api requests cancellation', async () => {
    const { queue } = startEngine();
    const lock = await lockCells();
    try {
      const id = await submit(apiDb, queue, spec('admin3', { start_hour: 4, end_hour: 23 }));
      await waitForState(db.knex, id, ['executing']);
      await eventually(isBlocked, 10_000, 'the node statement to block');
      const state = (await apiDb.raw('SELECT cache.request_cancel(?) AS s', [id])).rows[0].s;
      expect(state).toBe('executing');
      const row = await waitForState(db.knex, id, ['cancelled', 'errored', 'completed'], 10_000);
      expect(row['state']).toBe('cancelled');
      expect(await isBlocked()).toBeUndefined();
    } finally {
      await lock.release();
    }
  });

  it('records a sanitised message (no SQL, no driver text) when the SQL fails', async () => {
    const { queue } = startEngine();
    await db.knex.raw('REVOKE SELECT ON infrastructure.cells FROM flowdeck_engine');
    try {
      const id = await submit(apiDb, queue, spec('admin3', { start_hour: 5, end_hour: 23 }));
      const row = await waitForState(db.knex, id, ['errored', 'completed']);
      expect(row['state']).toBe('errored');
      const message = String(row['message']);
      expect(message).toMatch(/^Query failed: /);
      expect(message).not.toMatch(/select|permission|cells|infrastructure|\n/i);
      // The dependency node that failed is errored too, with the same message; a later run resets and retries it.
      const internal = (await db.knex('cache.queries').where({ top_level: false, state: 'errored' })) as { message: string }[];
      expect(internal.map((r) => r.message)).toContain(message);
    } finally {
      await db.knex.raw('GRANT SELECT ON infrastructure.cells TO flowdeck_engine');
    }
    const again = await submit(apiDb, queue, spec('admin3', { start_hour: 5, end_hour: 23 }));
    expect((await waitForState(db.knex, again, ['errored', 'completed']))['state']).toBe('completed');
  });
});
