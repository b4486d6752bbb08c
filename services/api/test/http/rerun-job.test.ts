import request from 'supertest';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { QUERY_QUEUE_NAME } from '@flowdeck/queries';
import { testRedisOptions } from '../../../../test-support/redis.js';
import { startApiHarness, type ApiHarness } from '../support/api-harness.js';
import { aggregateScopes, dailyLocationAggregate, seedQuery, validated } from '../support/query-rows.js';

// Re-running a cancelled or errored query (spec/api.md §4) must really add a job again, even when the engine still
// keeps the finished job of the previous run under the same id (QUEUE_RESULT_RETENTION_PERIOD_SECONDS).

let h: ApiHarness;
let redis: Redis;
let queue: Queue;
const runner = { runner: ['run', ...aggregateScopes()] };

beforeAll(async () => {
  h = await startApiHarness();
  redis = new Redis(testRedisOptions);
  queue = new Queue(QUERY_QUEUE_NAME, { connection: redis, prefix: h.prefix });
}, 60_000);
afterAll(async () => {
  await queue?.close();
  redis?.disconnect();
  await h?.close();
}, 60_000);

/** Leaves a finished job (completed or failed) with id `queryId` in Redis, as the engine's worker does. */
async function finishedJob(queryId: string, outcome: 'completed' | 'failed'): Promise<void> {
  const events = new QueueEvents(QUERY_QUEUE_NAME, { connection: testRedisOptions, prefix: h.prefix });
  await events.waitUntilReady();
  await queue.add('run', { queryId }, { jobId: queryId, removeOnComplete: false, removeOnFail: false });
  const job = await queue.getJob(queryId);
  const worker = new Worker(
    QUERY_QUEUE_NAME,
    async () => {
      if (outcome === 'failed') throw new Error('engine run failed');
      return 'done';
    },
    { connection: testRedisOptions, prefix: h.prefix },
  );
  try {
    await job!.waitUntilFinished(events, 10_000).catch(() => undefined);
    expect(await (await queue.getJob(queryId))!.getState()).toBe(outcome);
  } finally {
    await worker.close();
    await events.close();
  }
}

describe('re-running a finished query re-adds its BullMQ job', () => {
  test.each([
    ['cancelled', 'completed', '2016-04-01'],
    ['errored', 'failed', '2016-04-02'],
  ] as const)('%s query whose %s job is still kept → queued with a waiting job', async (state, jobOutcome, date) => {
    const spec = dailyLocationAggregate({ date });
    const q = validated(spec);
    await seedQuery(h.db.knex, q, { state, message: state === 'errored' ? 'Query failed.' : null });
    await finishedJob(q.queryId, jobOutcome);

    const res = await request(h.app).post('/api/0/run').set('Authorization', `Bearer ${h.token(runner)}`).send(spec);
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/0/poll/${q.queryId}`);
    expect((await h.db.knex('cache.queries').where({ query_id: q.queryId }).first()).state).toBe('queued');
    const job = await queue.getJob(q.queryId);
    expect(job?.data).toEqual({ queryId: q.queryId });
    expect(await job!.getState()).toBe('waiting');
  }, 20_000);

  test('a live (waiting) job is left alone: a second run adds nothing', async () => {
    const spec = dailyLocationAggregate({ date: '2016-04-03' });
    const q = validated(spec);
    await request(h.app).post('/api/0/run').set('Authorization', `Bearer ${h.token(runner)}`).send(spec).expect(202);
    const first = await queue.getJob(q.queryId);
    await request(h.app).post('/api/0/run').set('Authorization', `Bearer ${h.token(runner)}`).send(spec).expect(202);
    const second = await queue.getJob(q.queryId);
    expect(second?.timestamp).toBe(first?.timestamp);
    const waiting = await queue.getJobs(['waiting']);
    expect(waiting.filter((j) => j.id === q.queryId)).toHaveLength(1);
  });
});
