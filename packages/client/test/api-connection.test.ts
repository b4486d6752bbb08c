import { PassThrough } from 'node:stream';
import {
  APIQuery,
  connect,
  Connection,
  dailyLocationSpec,
  FlowclientConnectionError,
  spatialAggregate,
  spatialAggregateSpec,
  type PollStatus,
} from '../src/index.js';
import { GOOD_TOKEN, startStandIn, type StandIn } from './api-stand-in-server.js';

let api: StandIn;
let conn: Connection;

const spec = spatialAggregateSpec({
  locations: dailyLocationSpec({ date: '2016-01-01', aggregationUnit: 'admin3', method: 'last' }),
});
const otherSpec = spatialAggregateSpec({
  locations: dailyLocationSpec({ date: '2016-01-02', aggregationUnit: 'admin3', method: 'last' }),
});

async function caught(promise: Promise<unknown>): Promise<FlowclientConnectionError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof FlowclientConnectionError)) throw new Error(`expected a FlowclientConnectionError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  api = await startStandIn();
  conn = connect({ url: api.url, token: GOOD_TOKEN });
});

afterAll(async () => {
  await api.close();
});

beforeEach(() => {
  api.queries.clear();
  api.requests.length = 0;
  api.failAll = false;
  api.nextPlan = { polls: 2, outcome: 'completed' };
});

describe('run, poll, wait, get', () => {
  test('runQuery posts the spec with the bearer token and takes the id from Location', async () => {
    const id = await conn.runQuery(spec);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(api.queries.has(id)).toBe(true);
    expect(api.requests[0]).toEqual({ method: 'POST', path: '/api/0/run', authorization: `Bearer ${GOOD_TOKEN}` });
  });

  test('getStatus follows the poll answers: executing (202) then completed (303)', async () => {
    const id = await conn.runQuery(spec);
    expect(await conn.getStatus(id)).toBe('executing');
    expect(await conn.pollStatus(id)).toEqual({
      status: 'executing',
      msg: '',
      progress: { eligible: 2, queued: 1, running: 1 },
    });
    expect(await conn.getStatus(id)).toBe('completed');
    expect(await conn.queryStatus(id)).toEqual({ status: 'completed' });
  });

  test('getStatus: an unknown id (404) is not_running; errored (500) reports errored', async () => {
    expect(await conn.getStatus('0123456789abcdef0123456789abcdef')).toBe('not_running');
    api.nextPlan = { polls: 0, outcome: 'errored', msg: 'Query failed.' };
    const id = await conn.runQuery(spec);
    expect(await conn.getStatus(id)).toBe('errored');
  });

  test('waitForQuery reports progress on every 202 and resolves on 303', async () => {
    api.nextPlan = { polls: 3, outcome: 'completed' };
    const id = await conn.runQuery(spec);
    const seen: PollStatus[] = [];
    await conn.waitForQuery(id, { intervalMs: 5, onProgress: (s) => seen.push(s) });
    expect(seen.map((s) => s.progress?.eligible)).toEqual([4, 3, 2]);
    expect(seen.every((s) => s.status === 'executing')).toBe(true);
  });

  test('waitForQuery throws QUERY_FAILED with the server message when the query errors', async () => {
    api.nextPlan = { polls: 1, outcome: 'errored', msg: 'Query exceeded the maximum run duration of 5 seconds.' };
    const id = await conn.runQuery(spec);
    const err = await caught(conn.waitForQuery(id, { intervalMs: 5 }));
    expect(err.code).toBe('QUERY_FAILED');
    expect(err.status).toBe(500);
    expect(err.queryStatus).toBe('errored');
    expect(err.msg).toBe('Query exceeded the maximum run duration of 5 seconds.');
  });

  test('waitForQuery throws NOT_FOUND for a query the server does not know, TIMEOUT past the deadline', async () => {
    const unknown = await caught(conn.waitForQuery('ffffffffffffffffffffffffffffffff', { intervalMs: 5 }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.queryStatus).toBe('awol');
    api.nextPlan = { polls: 1000, outcome: 'completed' };
    const id = await conn.runQuery(spec);
    const late = await caught(conn.waitForQuery(id, { intervalMs: 20, timeoutMs: 50 }));
    expect(late.code).toBe('TIMEOUT');
  });

  test('getResult returns rows, CSV text or GeoJSON; a running query is NOT_READY unless waited for', async () => {
    const id = await conn.runQuery(spec);
    expect((await caught(conn.getResult(id))).code).toBe('NOT_READY');
    const rows = await conn.getResult(id, 'rows', { wait: { intervalMs: 5 } });
    expect(rows).toEqual([
      { pcod: 'SYN010101', value: 26 },
      { pcod: 'SYN01,0102', value: 20 },
    ]);
    expect(await conn.getResult(id, 'csv')).toBe('pcod,value\r\nSYN010101,26\r\n"SYN01,0102",20\r\n');
    const geo = await conn.getResult(id, 'geojson');
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(2);
    expect(await conn.getResultText(id)).toBe(
      `{"query_id":"${id}", "query_result":[{"pcod":"SYN010101","value":26}, {"pcod":"SYN01,0102","value":20}]}`,
    );
    expect(await conn.runAndGet(spec, { intervalMs: 5 })).toEqual(rows);
  });

  test('getResult of an errored query carries the 403 message', async () => {
    api.nextPlan = { polls: 0, outcome: 'errored', msg: 'boom' };
    const id = await conn.runQuery(spec);
    expect(await conn.getStatus(id)).toBe('errored');
    const err = await caught(conn.getResult(id));
    expect(err.status).toBe(403);
    expect(err.code).toBe('ACCESS_DENIED');
    expect(err.msg).toBe(`Query with id '${id}' finished with an error.`);
  });

  test('downloadResult streams the body; a cut-off stream is reported, never passed off as complete', async () => {
    const id = await conn.runQuery(spec);
    await conn.waitForQuery(id, { intervalMs: 5 });
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await conn.downloadResult(id, 'csv', sink);
    expect(Buffer.concat(chunks).toString()).toBe('pcod,value\r\nSYN010101,26\r\n"SYN01,0102",20\r\n');

    api.nextPlan = { polls: 0, outcome: 'completed', truncate: true };
    const cutId = await conn.runQuery(otherSpec);
    await conn.waitForQuery(cutId, { intervalMs: 5 });
    const err = await caught(conn.downloadResult(cutId, 'json', new PassThrough().resume()));
    expect(err.code).toBe('UNEXPECTED_RESPONSE');
    expect(err.message).toMatch(/cut off/);
  });
});

describe('errors carry the status and the server msg', () => {
  test('400 validation error: msg is FlowKit text, payload has params and orig_error_msg', async () => {
    const bad = { query_kind: 'spatial_aggregate', locations: { query_kind: 'daily_location', date: 'not-a-date' } };
    const err = await caught(conn.runQuery(bad));
    expect(err.status).toBe(400);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.msg).toMatch(/^Parameter validation failed\.\n\nThe action parameters were:\n/);
    expect(err.payload).toEqual({
      params: bad,
      orig_error_msg: {
        locations: {
          date: ['Not a valid datetime.'],
          aggregation_unit: ['Missing data for required field.'],
          method: ['Missing data for required field.'],
        },
      },
    });
    expect(err.message).toContain('Error running the query: Parameter validation failed.');
  });

  test('400 unparseable spec and token errors keep their {msg}', async () => {
    const parse = await caught(conn.runQuery({ no_kind: true }));
    expect([parse.status, parse.msg]).toEqual([400, 'Could not parse query spec.']);
    const badToken = await caught(new Connection(api.url, 'wrong').runQuery(spec));
    expect([badToken.status, badToken.code, badToken.msg]).toEqual([422, 'ACCESS_DENIED', 'Signature verification failed']);
  });

  test('500 internal error and an unreachable server', async () => {
    api.failAll = true;
    const internal = await caught(conn.getStatus('0123456789abcdef0123456789abcdef'));
    expect([internal.status, internal.code, internal.msg]).toEqual([500, 'UNEXPECTED_RESPONSE', 'Internal server error.']);
    const down = await caught(connect({ url: 'http://127.0.0.1:1', token: GOOD_TOKEN }).getStatus('x'));
    expect(down.code).toBe('UNREACHABLE');
    expect(down.status).toBeUndefined();
  });
});

describe('geography, available dates, cancel', () => {
  test('getGeography returns the FeatureCollection; a bad unit is a 400 with payload', async () => {
    const geo = await conn.getGeography('admin3');
    expect(geo.features[0]).toMatchObject({ properties: { pcod: 'SYN01', name: 'One' } });
    const err = await caught(conn.getGeography('admin9'));
    expect(err.status).toBe(400);
    expect(err.payload).toMatchObject({ orig_error_msg: { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'] } });
  });

  test('getAvailableDates filters by event type on the client, as FlowClient does', async () => {
    expect(await conn.getAvailableDates()).toEqual({
      calls: ['2016-01-01', '2016-01-02'],
      sms: ['2016-01-01'],
      topups: ['2016-01-03'],
    });
    expect(await conn.getAvailableDates({ eventTypes: ['sms', 'mds'] })).toEqual({ sms: ['2016-01-01'] });
    expect(api.requests.every((r) => r.path === '/api/0/available_dates')).toBe(true);
  });

  test('cancel: DELETE /api/0/run/<id>; 409 once completed; 404 when unknown', async () => {
    const id = await conn.runQuery(spec);
    expect(await conn.cancel(id)).toEqual({ query_id: id, status: 'cancelled' });
    expect(api.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/api/0/run/${id}` });
    expect(await conn.getStatus(id)).toBe('cancelled');
    api.queries.get(id)!.state = 'completed';
    const conflict = await caught(conn.cancel(id));
    expect([conflict.status, conflict.code, conflict.msg]).toEqual([409, 'CONFLICT', 'Query is not running.']);
    const unknown = await caught(conn.cancel('0123456789abcdef0123456789abcdef'));
    expect([unknown.status, unknown.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('APIQuery', () => {
  test('status is not_running before run(); run, waitUntilComplete, getResult', async () => {
    const q = spatialAggregate({ connection: conn, locations: spec['locations'] as Record<string, unknown> & { query_kind: string } });
    expect(q).toBeInstanceOf(APIQuery);
    expect(q.parameters).toEqual(spec);
    expect(await q.status()).toBe('not_running');
    expect((await caught(q.waitUntilComplete())).code).toBe('NOT_FOUND');
    const id = await q.run();
    expect(q.queryId).toBe(id);
    expect(await q.status()).toBe('executing');
    await q.waitUntilComplete({ intervalMs: 5 });
    expect(await q.status()).toBe('completed');
    expect(await q.getResult('csv')).toContain('pcod,value');
  });

  test('getResult runs an unrun query, and re-runs one the server has forgotten (404), as FlowClient does', async () => {
    const q = conn.makeApiQuery(spec);
    expect(await q.getResult('rows', { intervalMs: 5 })).toHaveLength(2);
    const id = q.queryId!;
    api.queries.get(id)!.state = 'known';
    api.nextPlan = { polls: 1, outcome: 'completed' };
    expect(await q.getResult('rows', { intervalMs: 5 })).toHaveLength(2);
    expect(api.queries.get(id)!.runs).toBe(2);
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});
