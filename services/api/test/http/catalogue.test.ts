import request from 'supertest';
import { startApiHarness, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;

async function ingest(cdrType: string, date: string): Promise<void> {
  for (const state of ['pending', 'ingesting', 'ingested']) {
    await h.db.knex('etl.etl_records').insert({ cdr_type: cdrType, cdr_date: date, state });
  }
}

beforeAll(async () => {
  h = await startApiHarness({ batchRows: 1 });
  await ingest('sms', '2016-01-01');
  await ingest('calls', '2016-01-02');
  await ingest('calls', '2016-01-01');
  await h.db.knex('etl.etl_records').insert({ cdr_type: 'mds', cdr_date: '2016-01-01', state: 'pending' });
  await h.db.knex('etl.post_etl_queries').insert([
    { cdr_date: '2016-01-01', cdr_type: 'calls', type_of_query_or_check: 'count_added_rows', outcome: '1254' },
    { cdr_date: '2016-01-02', cdr_type: 'calls', type_of_query_or_check: 'count_added_rows', outcome: '1300' },
    { cdr_date: '2016-01-01', cdr_type: 'calls', type_of_query_or_check: 'count_duplicated', outcome: '0' },
    { cdr_date: '2016-01-01', cdr_type: 'sms', type_of_query_or_check: 'count_added_rows', outcome: '77' },
  ]);
  await h.db.knex.raw(
    `INSERT INTO geography.admin1 (admin0name, admin0pcod, admin1name, admin1pcod, geom) VALUES
       ('Nepal', 'NP', 'Zone B', 'NP02', ST_Multi(ST_GeomFromText('POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))', 4326))),
       ('Nepal', 'NP', 'Zone A', 'NP01', ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))', 4326)))`,
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
}, 60_000);

const auth = (scopes: string[]): string => `Bearer ${h.token({ r: scopes })}`;

describe('GET /api/0/available_dates (spec/api.md §8)', () => {
  test('dates per type with data, ascending; types without dates omitted; any body ignored', async () => {
    const res = await request(h.app)
      .get('/api/0/available_dates')
      .set('Authorization', auth(['get_available_dates']))
      .send({ event_types: ['calls'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ available_dates: { calls: ['2016-01-01', '2016-01-02'], sms: ['2016-01-01'] } });
  });
});

describe('GET /api/0/geography/:unit (spec/api.md §7)', () => {
  test('streams the zones as a FeatureCollection ordered by pcod', async () => {
    const res = await request(h.app)
      .get('/api/0/geography/admin1')
      .set('Authorization', auth(['get_result', 'admin1:geography:geography']))
      .buffer(true)
      .parse((r, cb) => {
        let d = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (d += c));
        r.on('end', () => cb(null, d));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json');
    expect(res.headers['content-disposition']).toBe('attachment;filename=admin1.geojson');
    expect(res.body).toBe(
      '{"type":"FeatureCollection", "features":[' +
        '{"type": "Feature", "id": 1, "geometry": {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}, "properties": {"pcod": "NP01", "name": "Zone A", "centroid": {"type":"Point","coordinates":[0.5,0.5]}}}, ' +
        '{"type": "Feature", "id": 2, "geometry": {"type":"MultiPolygon","coordinates":[[[[1,0],[2,0],[2,1],[1,1],[1,0]]]]}, "properties": {"pcod": "NP02", "name": "Zone B", "centroid": {"type":"Point","coordinates":[1.5,0.5]}}}]}',
    );
  });

  test('invalid unit → 400 with the validation layout, before the scope check', async () => {
    const res = await request(h.app).get('/api/0/geography/lon-lat').set('Authorization', auth([]));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      status: 'Error',
      msg:
        'Parameter validation failed.\n\nThe action parameters were:\n   {\n     "aggregation_unit": "lon-lat"\n   }.\n\n' +
        'Validation error messages:\n   {\n     "aggregation_unit": [\n       "Must be one of: admin0, admin1, admin2, admin3."\n     ]\n   }.\n\n',
      payload: { params: { aggregation_unit: 'lon-lat' }, orig_error_msg: { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'] } },
    });
  });
});

describe('QA routes (spec/api.md §9)', () => {
  const qa = (): string => auth(['get_qa_checks']);

  test('GET /api/0/qa/ and /api/0/qa list unique (cdr_type, check) sorted', async () => {
    const expected = [
      { cdr_type: 'calls', type_of_query_or_check: 'count_added_rows' },
      { cdr_type: 'calls', type_of_query_or_check: 'count_duplicated' },
      { cdr_type: 'sms', type_of_query_or_check: 'count_added_rows' },
    ];
    for (const path of ['/api/0/qa/', '/api/0/qa']) {
      const res = await request(h.app).get(path).set('Authorization', qa());
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expected);
    }
  });

  test('date range, end inclusive, ascending', async () => {
    const res = await request(h.app).get('/api/0/qa/calls/count_added_rows?start_date=2016-01-01&end_date=2016-01-02').set('Authorization', qa());
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { cdr_date: '2016-01-01', type_of_query_or_check: 'count_added_rows', outcome: '1254' },
      { cdr_date: '2016-01-02', type_of_query_or_check: 'count_added_rows', outcome: '1300' },
    ]);
  });

  test('date range: unparseable or missing dates → 400; nothing found → 404', async () => {
    const bad = await request(h.app).get('/api/0/qa/calls/count_added_rows?start_date=2016-13-01&end_date=2016-01-02').set('Authorization', qa());
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ status: 'bad request', msg: 'Could not parse 2016-13-01 or 2016-01-02; expected for format is YYYY-MM-DD' });
    const missing = await request(h.app).get('/api/0/qa/calls/count_added_rows?start_date=2016-01-01').set('Authorization', qa());
    expect(missing.status).toBe(400);
    expect(missing.body.msg).toBe('Could not parse 2016-01-01 or None; expected for format is YYYY-MM-DD');
    const none = await request(h.app).get('/api/0/qa/calls/count_added_rows?start_date=2017-01-01&end_date=2017-01-02').set('Authorization', qa());
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ status: 'not found', msg: 'No qa checks found for calls, count_added_rows between 2017-01-01 and 2017-01-02' });
  });

  test('single date: the outcome as text/plain', async () => {
    const res = await request(h.app).get('/api/0/qa/calls/count_added_rows/2016-01-01').set('Authorization', qa());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('1254');
    const none = await request(h.app).get('/api/0/qa/calls/count_added_rows/2016-02-01').set('Authorization', qa());
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ status: 'not found', msg: 'No qa checks found for calls, count_added_rows on 2016-02-01' });
    const bad = await request(h.app).get('/api/0/qa/calls/count_added_rows/yesterday').set('Authorization', qa());
    expect(bad.status).toBe(400);
  });
});
