import request from 'supertest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUERY_QUEUE_NAME } from '@flowdeck/queries';
import { testRedisOptions } from '../../../../test-support/redis.js';
import { startApiHarness, type ApiHarness } from '../support/api-harness.js';
import { aggregateScopes, dailyLocationAggregate, seedQuery, validated } from '../support/query-rows.js';

let h: ApiHarness;
let redis: Redis;
let queue: Queue;
const runner = { runner: ['run', 'get_result', ...aggregateScopes()] };
const bearer = (): string => `Bearer ${h.token(runner)}`;

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

describe('POST /api/0/run', () => {
  test('202 with relative Location, {query_id, progress}; state queued; one BullMQ job for two runs', async () => {
    const spec = dailyLocationAggregate({ date: '2016-01-03' });
    const id = validated(spec).queryId;
    const first = await request(h.app).post('/api/0/run').set('Authorization', bearer()).send(spec);
    expect(first.status).toBe(202);
    expect(first.headers.location).toBe(`/api/0/poll/${id}`);
    expect(first.body).toEqual({ query_id: id, progress: { eligible: 1, queued: 1, running: 0 } });
    const second = await request(h.app).post('/api/0/run').set('Authorization', bearer()).send(spec);
    expect(second.status).toBe(202);
    expect(second.body.query_id).toBe(id);
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    expect(jobs.map((j) => j.id)).toEqual([id]);
    expect(jobs[0]?.data).toEqual({ queryId: id });
    const row = await h.db.knex('cache.queries').where({ query_id: id }).first();
    expect(row.state).toBe('queued');
    expect(row.top_level).toBe(true);
  });

  test('a completed query answers 202 with zero progress and is not enqueued', async () => {
    const spec = dailyLocationAggregate({ date: '2016-01-04' });
    const q = validated(spec);
    await seedQuery(h.db.knex, q, { state: 'completed' });
    const res = await request(h.app).post('/api/0/run').set('Authorization', bearer()).send(spec);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ query_id: q.queryId, progress: { eligible: 0, queued: 0, running: 0 } });
    expect(await queue.getJob(q.queryId)).toBeUndefined();
  });

  test('an errored query is restarted (Deviation: reset → known → queued)', async () => {
    const spec = dailyLocationAggregate({ date: '2016-01-05' });
    const q = validated(spec);
    await seedQuery(h.db.knex, q, { state: 'errored', message: 'boom' });
    const res = await request(h.app).post('/api/0/run').set('Authorization', bearer()).send(spec);
    expect(res.status).toBe(202);
    expect((await h.db.knex('cache.queries').where({ query_id: q.queryId }).first()).state).toBe('queued');
    expect((await queue.getJob(q.queryId))?.id).toBe(q.queryId);
  });

  test('no query_kind → 400 Could not parse query spec.', async () => {
    const res = await request(h.app).post('/api/0/run').set('Authorization', bearer()).send({ locations: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ msg: 'Could not parse query spec.' });
  });

  test('invalid spec → 400 with FlowKit validation layout (before the scope check)', async () => {
    const spec = { query_kind: 'spatial_aggregate', locations: { ...(dailyLocationAggregate().locations as object), aggregation_unit: 'admin9' } };
    const res = await request(h.app).post('/api/0/run').set('Authorization', `Bearer ${h.token({ nobody: [] })}`).send(spec);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('Error');
    expect(res.body.payload).toEqual({
      params: spec,
      orig_error_msg: { locations: { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3, lon-lat.'] } },
    });
    expect(res.body.msg).toMatch(/^Parameter validation failed\.\n\nThe action parameters were:\n {3}\{/);
    expect(res.body.msg.endsWith('.\n\n')).toBe(true);
  });

  test('Redis down → 503 with Retry-After: 5', async () => {
    const down = await startApiHarness({ env: { REDIS_PORT: '1' } });
    try {
      const spec = dailyLocationAggregate({ date: '2016-01-06' });
      const res = await request(down.app).post('/api/0/run').set('Authorization', `Bearer ${down.token(runner)}`).send(spec);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toEqual({ status: 'Error', msg: 'Service unavailable.' });
    } finally {
      await down.close();
    }
  }, 20_000);
});

describe('GET /api/0/poll/:id (spec/api.md §5)', () => {
  const cases: { state: string; message?: string; status: number; body: unknown; headers?: Record<string, string> }[] = [
    { state: 'queued', status: 202, body: { status: 'queued', msg: '', progress: { eligible: 3, queued: 2, running: 1 } }, headers: { 'retry-after': '1' } },
    { state: 'executing', status: 202, body: { status: 'executing', msg: '', progress: { eligible: 3, queued: 2, running: 1 } } },
    { state: 'errored', message: 'Query failed: division by zero.', status: 500, body: { status: 'errored', msg: 'Query failed: division by zero.' } },
    { state: 'cancelled', status: 500, body: { status: 'cancelled', msg: '' } },
    { state: 'known', status: 404, body: { status: 'known', msg: '' } },
    { state: 'resetting', status: 404, body: { status: 'resetting', msg: '' } },
  ];
  cases.forEach((c, i) => {
    test(`${c.state} → ${c.status}`, async () => {
      const q = validated(dailyLocationAggregate({ date: `2016-02-${String(i + 1).padStart(2, '0')}` }));
      await seedQuery(h.db.knex, q, { state: c.state, message: c.message, progress: { eligible: 3, queued: 2, running: 1 } });
      const res = await request(h.app).get(`/api/0/poll/${q.queryId}`).set('Authorization', `Bearer ${h.token({ p: aggregateScopes() })}`);
      expect(res.status).toBe(c.status);
      expect(res.body).toEqual(c.body);
      for (const [k, v] of Object.entries(c.headers ?? {})) expect(res.headers[k]).toBe(v);
    });
  });

  test('completed → 303 with relative Location', async () => {
    const q = validated(dailyLocationAggregate({ date: '2016-02-20' }));
    await seedQuery(h.db.knex, q, { state: 'completed' });
    const res = await request(h.app).get(`/api/0/poll/${q.queryId}`).set('Authorization', bearer()).redirects(0);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/api/0/get/${q.queryId}`);
    expect(res.body).toEqual({ status: 'completed' });
  });

  test('unknown id → 404 awol, even with a token that holds nothing', async () => {
    const res = await request(h.app).get('/api/0/poll/deadbeef').set('Authorization', `Bearer ${h.token({ none: [] })}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'awol', msg: "Unknown query id: 'deadbeef'" });
  });
});

describe('DELETE /api/0/run/:id (spec/api.md §11.1)', () => {
  test('queued → 200 cancelled, job removed', async () => {
    const spec = dailyLocationAggregate({ date: '2016-03-01' });
    const id = validated(spec).queryId;
    await request(h.app).post('/api/0/run').set('Authorization', bearer()).send(spec).expect(202);
    expect(await queue.getJob(id)).toBeDefined();
    const res = await request(h.app).delete(`/api/0/run/${id}`).set('Authorization', bearer());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ query_id: id, status: 'cancelled' });
    expect(await queue.getJob(id)).toBeUndefined();
    expect((await h.db.knex('cache.queries').where({ query_id: id }).first()).state).toBe('cancelled');
    const again = await request(h.app).delete(`/api/0/run/${id}`).set('Authorization', bearer());
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ query_id: id, status: 'cancelled' });
  });

  test('executing → 202 Cancellation requested; cancel_requested_at set', async () => {
    const q = validated(dailyLocationAggregate({ date: '2016-03-02' }));
    await seedQuery(h.db.knex, q, { state: 'executing' });
    const res = await request(h.app).delete(`/api/0/run/${q.queryId}`).set('Authorization', bearer());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ query_id: q.queryId, status: 'executing', msg: 'Cancellation requested.' });
    expect((await h.db.knex('cache.queries').where({ query_id: q.queryId }).first()).cancel_requested_at).not.toBeNull();
  });

  test.each(['completed', 'errored', 'known', 'resetting'])('%s → 409', async (state) => {
    const q = validated(dailyLocationAggregate({ date: `2016-03-1${['completed', 'errored', 'known', 'resetting'].indexOf(state)}` }));
    await seedQuery(h.db.knex, q, { state });
    const res = await request(h.app).delete(`/api/0/run/${q.queryId}`).set('Authorization', bearer());
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ status: state, msg: 'Query is not running.' });
  });

  test('unknown → 404 awol', async () => {
    const res = await request(h.app).delete('/api/0/run/abc123').set('Authorization', bearer());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'awol', msg: "Unknown query id: 'abc123'" });
  });
});
