import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../support/api-harness.js';
import { aggregateScopes, dailyLocationAggregate, histogramSpec, seedQuery, seedResultTable, validated } from '../support/query-rows.js';

let h: ApiHarness;
/** Small cursor batches so that multi-batch streaming is exercised on small tables. */
const BATCH_ROWS = 2;
const getter = { viewer: ['get_result', ...aggregateScopes()], geo: ['get_result', 'admin3:geography:geography'] };
const bearer = (): string => `Bearer ${h.token(getter)}`;

/** Reads any body as raw text. */
function rawText(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (err: Error | null, body: string) => void): void {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (data += c));
  res.on('end', () => cb(null, data));
}
const get = (path: string): request.Test => request(h.app).get(path).set('Authorization', bearer()).buffer(true).parse(rawText as never);

const main = validated(dailyLocationAggregate({ date: '2016-01-01' }));
const empty = validated(dailyLocationAggregate({ date: '2016-01-02' }));
const typed = validated(dailyLocationAggregate({ date: '2016-01-03' }));
const lonlat = validated(dailyLocationAggregate({ date: '2016-01-04', unit: 'lon-lat' }));
const broken = validated(dailyLocationAggregate({ date: '2016-01-05' }));
const hist = validated(histogramSpec());

beforeAll(async () => {
  h = await startApiHarness({ batchRows: BATCH_ROWS });
  const k = h.db.knex;
  await seedQuery(k, main, { state: 'completed' });
  await seedResultTable(k, main.queryId, 'pcod text, value bigint', ["('A', 26)", "('B', 20)", "('C', 17)", "('D', 16)", "('E', 99)"]);
  await seedQuery(k, empty, { state: 'completed' });
  await seedResultTable(k, empty.queryId, 'pcod text, value bigint', []);
  await seedQuery(k, typed, { state: 'completed' });
  await seedResultTable(
    k,
    typed.queryId,
    'pcod text, value bigint, share numeric, f double precision, d date, ts timestamptz, flag boolean, j jsonb, n int',
    [
      `('A,"x"', 9007199254740993, 0.1000, 0.1, '2016-01-01', '2016-01-01 06:30:00.5+00', true, '{"a": 1}', 3)`,
      `(NULL, NULL, 'NaN', 'Infinity', NULL, '2016-01-02 00:00:00+00', false, NULL, -2)`,
    ],
  );
  await seedQuery(k, lonlat, { state: 'completed' });
  await seedResultTable(k, lonlat.queryId, 'lon double precision, lat double precision, value bigint', ['(1.1234567, 2.5, 30)']);
  await seedQuery(k, hist, { state: 'completed' });
  await seedResultTable(k, hist.queryId, 'value bigint, lower_edge double precision, upper_edge double precision', ['(20, 0, 1)']);
  // A result whose third row fails to compute: the error arrives after the first batch was sent.
  await seedQuery(k, broken, { state: 'completed' });
  await k.raw(`CREATE VIEW cache.x${broken.queryId} AS SELECT 'Z' || g AS pcod, 10 / (3 - g) AS value FROM generate_series(1, 5) AS g`);
  await k.raw(`GRANT SELECT ON cache.x${broken.queryId} TO flowdeck_api`);
  await k('cache.cached').insert({ query_id: broken.queryId, class: 'X', tablename: `x${broken.queryId}`, exposed: true });
  await k.raw(
    `INSERT INTO geography.admin3 (admin3name, admin3pcod, geom) VALUES
       ('Zone A', 'A', ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))', 4326))),
       ('Zone B', 'B', ST_Multi(ST_GeomFromText('POLYGON((1 0, 2.1234567 0, 2.1234567 1, 1 1, 1 0))', 4326)))`,
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
}, 60_000);

describe('streamed JSON', () => {
  test('byte-exact body over several cursor batches, headers of spec/api.md §6', async () => {
    const res = await get(`/api/0/get/${main.queryId}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(
      `{"query_id":"${main.queryId}", "query_result":[{"pcod":"A","value":26}, {"pcod":"B","value":20}, {"pcod":"C","value":17}, {"pcod":"D","value":16}, {"pcod":"E","value":99}]}`,
    );
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-disposition']).toBe(`attachment;filename=${main.queryId}.json`);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
  });

  test('.json is the same as no extension', async () => {
    const a = await get(`/api/0/get/${main.queryId}`);
    const b = await get(`/api/0/get/${main.queryId}.json`);
    expect(b.body).toBe(a.body);
  });

  test('zero rows', async () => {
    const res = await get(`/api/0/get/${empty.queryId}.json`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(`{"query_id":"${empty.queryId}", "query_result":[]}`);
  });

  test('value encoding: exact numerics, null for NaN/Infinity, dates, timestamptz, booleans, embedded json', async () => {
    const res = await get(`/api/0/get/${typed.queryId}`);
    expect(res.body).toBe(
      `{"query_id":"${typed.queryId}", "query_result":[` +
        `{"pcod":"A,\\"x\\"","value":9007199254740993,"share":0.1000,"f":0.1,"d":"2016-01-01","ts":"2016-01-01T06:30:00.500000+00:00","flag":true,"j":{"a": 1},"n":3}, ` +
        `{"pcod":null,"value":null,"share":null,"f":null,"d":null,"ts":"2016-01-02T00:00:00+00:00","flag":false,"j":null,"n":-2}]}`,
    );
    expect(() => JSON.parse(res.body as string)).not.toThrow();
  });

  test('a touch is recorded for every read', async () => {
    const before = (await h.db.knex('cache.cached').where({ query_id: main.queryId }).first()).access_count;
    await get(`/api/0/get/${main.queryId}`);
    const after = (await h.db.knex('cache.cached').where({ query_id: main.queryId }).first()).access_count;
    expect(after).toBe(before + 1);
  });

  test('no advisory lock is left behind after streaming', async () => {
    await get(`/api/0/get/${main.queryId}`);
    const locks = await h.db.knex.raw(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(locks.rows[0].n).toBe(0);
  });

  test('an error after the first byte destroys the connection (truncated, not closed normally)', async () => {
    await expect(get(`/api/0/get/${broken.queryId}`)).rejects.toThrow();
    // The api keeps serving.
    expect((await get(`/api/0/get/${main.queryId}`)).status).toBe(200);
  });
});

describe('streamed CSV', () => {
  test('byte-exact with header record and CRLF', async () => {
    const res = await get(`/api/0/get/${main.queryId}.csv`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('pcod,value\r\nA,26\r\nB,20\r\nC,17\r\nD,16\r\nE,99\r\n');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment;filename=${main.queryId}.csv`);
  });

  test('zero rows → header only (Deviation)', async () => {
    expect((await get(`/api/0/get/${empty.queryId}.csv`)).body).toBe('pcod,value\r\n');
  });

  test('quoting and value texts', async () => {
    const res = await get(`/api/0/get/${typed.queryId}.csv`);
    expect(res.body).toBe(
      'pcod,value,share,f,d,ts,flag,j,n\r\n' +
        '"A,""x""",9007199254740993,0.1000,0.1,2016-01-01,2016-01-01T06:30:00.500000+00:00,true,"{""a"": 1}",3\r\n' +
        ',,,,,2016-01-02T00:00:00+00:00,false,,-2\r\n',
    );
  });
});

describe('GeoJSON', () => {
  test('admin unit: features joined on pcod, 6 decimals, centroid, 1-based ids', async () => {
    const res = await get(`/api/0/get/${main.queryId}.geojson`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json');
    expect(res.headers['content-disposition']).toBe(`attachment;filename=${main.queryId}.geojson`);
    const body = res.body as string;
    expect(body.startsWith('{"type":"FeatureCollection", "features":[{"type": "Feature", "id": 1, "geometry": {"type":"MultiPolygon"')).toBe(true);
    expect(body).toContain('"properties": {"pcod": "A", "value": 26, "centroid": {"type":"Point","coordinates":[0.5,0.5]}}}');
    expect(body).toContain('[2.123457,0]');
    const doc = JSON.parse(body) as { features: { id: number; properties: Record<string, unknown>; geometry: unknown }[] };
    expect(doc.features.map((f) => f.id)).toEqual([1, 2, 3, 4, 5]);
    expect(doc.features[2]?.geometry).toBeNull();
  });

  test('lon-lat: point geometry and centroid', async () => {
    const res = await request(h.app)
      .get(`/api/0/get/${lonlat.queryId}.geojson`)
      .set('Authorization', `Bearer ${h.token({ v: ['get_result', ...aggregateScopes('lon-lat')], g: ['get_result', 'lon-lat:geography:geography'] })}`)
      .buffer(true)
      .parse(rawText as never);
    expect(res.status).toBe(200);
    expect(res.body).toBe(
      '{"type":"FeatureCollection", "features":[{"type": "Feature", "id": 1, "geometry": {"type":"Point","coordinates":[1.123457,2.5]}, "properties": {"lon": 1.1234567, "lat": 2.5, "value": 30, "centroid": {"type":"Point","coordinates":[1.123457,2.5]}}}]}',
    );
  });

  test('non-spatial result → 400', async () => {
    const scopes = ['get_result', 'nonspatial:histogram_aggregate:histogram_aggregate', 'nonspatial:histogram_aggregate:radius_of_gyration'];
    const res = await request(h.app).get(`/api/0/get/${hist.queryId}.geojson`).set('Authorization', `Bearer ${h.token({ v: scopes })}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: 'Error', msg: `Query with id '${hist.queryId}' has no geojson compatible representation.` });
  });
});

describe('states and refusals', () => {
  test('other file type → 400 Invalid file format', async () => {
    const res = await request(h.app).get(`/api/0/get/${main.queryId}.xml`).set('Authorization', bearer());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: 'error', msg: 'Invalid file format' });
  });

  test('unknown id → 404 before the scope check', async () => {
    const res = await request(h.app).get('/api/0/get/0123abcd.csv').set('Authorization', `Bearer ${h.token({ none: [] })}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'Error', msg: "Unknown query id: '0123abcd'" });
  });

  const cases: [string, number, unknown][] = [
    ['queued', 202, {}],
    ['executing', 202, {}],
    ['errored', 403, { status: 'Error', msg: "Query with id '<id>' finished with an error." }],
    ['known', 404, { status: 'Error', msg: "Query with id '<id>' is known, but has not yet been run." }],
    ['cancelled', 404, { status: 'Error', msg: "Query with id '<id>' was cancelled." }],
    ['resetting', 404, { status: 'Error', msg: "Query with id '<id>' is being reset." }],
  ];
  cases.forEach(([state, status, body], i) => {
    test(`${state} → ${status}`, async () => {
      const q = validated(dailyLocationAggregate({ date: `2016-04-0${i + 1}` }));
      await seedQuery(h.db.knex, q, { state });
      const res = await request(h.app).get(`/api/0/get/${q.queryId}.csv`).set('Authorization', bearer());
      expect(res.status).toBe(status);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(body).replace('<id>', q.queryId)));
    });
  });

  test('completed in cache.queries but evicted from cache.cached → 404 being reset', async () => {
    const q = validated(dailyLocationAggregate({ date: '2016-04-20' }));
    await seedQuery(h.db.knex, q, { state: 'completed' });
    const res = await request(h.app).get(`/api/0/get/${q.queryId}`).set('Authorization', bearer());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'Error', msg: `Query with id '${q.queryId}' is being reset.` });
  });
});
