import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@flowdeck/log';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisOptions, testRedisPrefix } from '../../../../test-support/redis.js';
import { generateSynthetic } from '../../../../packages/client/src/synth/generate.js';
import { loadSourceDefinitions } from '../../src/adapters/fs/source-definitions.js';
import { createIngestQueue, type IngestJobData, type IngestQueue } from '../../src/adapters/redis/ingest-queue.js';
import { LeaseStore } from '../../src/adapters/redis/lease-store.js';
import { nextCronRun } from '@flowdeck/schedule';
import { requestIngest } from '../../src/etl-control.js';
import { EtlKeys } from '../../src/keys.js';
import { EtlCleanupJob } from '../../src/workers/etl-cleanup-job.js';
import { IngestWorker } from '../../src/workers/ingest-worker.js';

const log = createLogger({ service: 'etl-test', level: 'silent' });
const TERMINAL = ['ingested', 'failed', 'quarantined'];

let db: TestDatabase;
let dir: string;
let prefix: string;
let redis: Redis;
let queue: IngestQueue;
let worker: IngestWorker | undefined;
let blocker: Knex.Transaction | undefined;

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testRedisPrefix();
  redis = new Redis(testRedisOptions);
  dir = await mkdtemp(join(tmpdir(), 'flowdeck-etl-limits-'));
  await generateSynthetic({ nSubscribers: 50, nSites: 5, nCells: 10, nDays: 1, nCalls: 100, nSms: 10, nMds: 10, nTopups: 10, nTacs: 5 }, dir);
  queue = createIngestQueue(testRedisOptions, prefix);
}, 120_000);

afterAll(async () => {
  await blocker?.rollback().catch(() => undefined);
  await worker?.close();
  await queue?.close();
  redis?.disconnect();
  await deleteRedisPrefix(prefix);
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('WORKER_MAX_RUN_DURATION_SECONDS', () => {
  test('an ingest whose swap waits past the limit ends failed with the reason, is not retried, and leaves no partition', async () => {
    // A conflicting lock on the parent: ATTACH PARTITION (SHARE UPDATE EXCLUSIVE) waits; CREATE TABLE … LIKE does not.
    blocker = await db.knex.transaction();
    await blocker.raw('LOCK TABLE events.calls IN SHARE UPDATE EXCLUSIVE MODE');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, 'calls_20160101.csv.gz'), old, old);
    worker = new IngestWorker({
      db: db.knex,
      etlDir: dir,
      definitions: loadSourceDefinitions(join(dir, 'no-config')),
      leases: new LeaseStore(redis, prefix, 5000),
      owner: 'limit-test',
      log,
      keepaliveMs: 1000,
      connection: testRedisOptions,
      prefix,
      concurrency: 1,
      leaseMs: 5000,
      maxRunSeconds: 1,
    });
    worker.start();
    const r = await requestIngest(db.knex, queue, { cdrType: 'calls', date: '2016-01-01' }, { backoffMs: 100 });
    expect(r.action).toBe('queued');
    const jobId = (r as { jobId: string }).jobId;

    const latest = await until('a terminal state', async () => {
      const row = (await db.knex('etl.etl_records').where({ cdr_type: 'calls', cdr_date: '2016-01-01' }).orderBy('id', 'desc').first('state', 'message')) as
        | { state: string; message: string | null }
        | undefined;
      return row && TERMINAL.includes(row.state) ? row : undefined;
    });
    expect(latest).toEqual({ state: 'failed', message: 'Ingest exceeded the maximum run duration of 1 seconds.' });

    const job = await until('the job to fail', async () => {
      const j = await queue.getJob(jobId);
      return j && (await j.getState()) === 'failed' ? j : undefined;
    });
    expect(job.attemptsMade).toBe(1); // not retried although attempts = 3
    expect(job.failedReason).toBe('Ingest exceeded the maximum run duration of 1 seconds.');
    const attempts = await db.knex('etl.etl_records').where({ cdr_type: 'calls', cdr_date: '2016-01-01', state: 'ingesting' }).count<{ count: string }[]>('* AS count');
    expect(Number(attempts[0]!.count)).toBe(1);

    await blocker.rollback();
    blocker = undefined;
    const leftovers = (await db.knex.raw(
      "SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE (schemaname = 'etl' AND tablename LIKE 'stage_calls_%') OR (schemaname = 'events' AND tablename = 'calls_20160101')",
    )) as { rows: { n: number }[] };
    expect(leftovers.rows[0]!.n).toBe(0);
  }, 90_000);
});

describe('cleanup job (CRON_CLEANUP, HISTORY_TIMEOUT)', () => {
  let cleanPrefix: string;
  let cleanQueue: IngestQueue;

  beforeAll(() => {
    cleanPrefix = testRedisPrefix();
    cleanQueue = createIngestQueue(testRedisOptions, cleanPrefix);
  });
  afterAll(async () => {
    await cleanQueue?.close();
    await deleteRedisPrefix(cleanPrefix);
  }, 30_000);

  test('computes the next tick of the schedule in UTC and rejects a bad schedule', () => {
    expect(nextCronRun('0 */12 * * *', new Date('2026-01-01T05:30:00Z')).toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(nextCronRun('0 */12 * * *', new Date('2026-01-01T12:00:00Z')).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(() => nextCronRun('not a schedule', new Date())).toThrow(/Invalid CRON_CLEANUP/);
    expect(() => new EtlCleanupJob({ queue: cleanQueue, log, now: () => new Date(), schedule: '61 * * * *', historyTimeoutHours: 1 })).toThrow(TypeError);
  });

  test('removes finished queue jobs older than HISTORY_TIMEOUT at start-up, keeps newer and unfinished ones and etl.etl_records', async () => {
    const data = (date: string): IngestJobData => ({ cdrType: 'sms', date, pendingId: 1 });
    await cleanQueue.add(EtlKeys.ingestJobName, data('ok'), { jobId: 'done-ok', attempts: 1 });
    await cleanQueue.add(EtlKeys.ingestJobName, data('bad'), { jobId: 'done-bad', attempts: 1 });
    await cleanQueue.add(EtlKeys.ingestJobName, data('later'), { jobId: 'later', delay: 3_600_000 });
    const fake = new Worker<IngestJobData>(
      EtlKeys.ingestQueue,
      async (job) => {
        if (job.data.date === 'bad') throw new Error('boom');
        return 'ok';
      },
      { connection: testRedisOptions, prefix: cleanPrefix },
    );
    try {
      await until('both jobs to finish', async () => {
        const states = await Promise.all(['done-ok', 'done-bad'].map(async (id) => (await cleanQueue.getJob(id))?.getState()));
        return states[0] === 'completed' && states[1] === 'failed' ? true : undefined;
      });
    } finally {
      await fake.close();
    }
    const records = async (): Promise<number> => Number((await db.knex('etl.etl_records').count<{ n: string }[]>('* AS n'))[0]!.n);
    const recordsBefore = await records();
    expect(recordsBefore).toBeGreaterThan(0);

    const keep = new EtlCleanupJob({ queue: cleanQueue, log, now: () => new Date(), schedule: '0 */12 * * *', historyTimeoutHours: 1 });
    expect(await keep.runOnce()).toEqual({ deletedJobs: 0 });
    await keep.close();
    expect(await cleanQueue.getJob('done-ok')).toBeDefined();

    const purge = new EtlCleanupJob({ queue: cleanQueue, log, now: () => new Date(), schedule: '0 */12 * * *', historyTimeoutHours: 0 });
    purge.start(); // runs once at start-up
    try {
      await until('finished jobs to be removed', async () => ((await cleanQueue.getJob('done-ok')) === undefined && (await cleanQueue.getJob('done-bad')) === undefined ? true : undefined));
    } finally {
      await purge.close();
    }
    expect(await (await cleanQueue.getJob('later'))?.getState()).toBe('delayed');
    expect(await records()).toBe(recordsBefore);
  }, 60_000);
});
