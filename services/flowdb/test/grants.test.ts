import type { Knex } from 'knex';
import { flowdbSchemaStatus } from '../src/schema-status.js';
import { createTestDatabase, roleUrl, testKnex, type TestDatabase } from '../../../test-support/flowdb.js';

const DENIED = /permission denied/;

describe('roles and grants', () => {
  let tdb: TestDatabase;
  let api: Knex;
  let engine: Knex;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    api = testKnex(roleUrl(tdb.name, 'flowapi'));
    engine = testKnex(roleUrl(tdb.name, 'flowmachine'));
    await tdb.knex.raw(
      `CREATE TABLE events.calls_20160101 PARTITION OF events.calls
       FOR VALUES FROM ('2016-01-01 00:00:00+00') TO ('2016-01-02 00:00:00+00')`,
    );
    await tdb.knex('events.calls').insert({ id: '1', outgoing: true, datetime: '2016-01-01T10:00:00Z', msisdn: 'a' });
    await tdb.knex('etl.etl_records').insert({ cdr_type: 'calls', cdr_date: '2016-01-01', state: 'pending' });
    await tdb.knex('etl.etl_records').insert({ cdr_type: 'calls', cdr_date: '2016-01-01', state: 'ingesting' });
    await tdb.knex('etl.etl_records').insert({ cdr_type: 'calls', cdr_date: '2016-01-01', state: 'ingested' });
    await tdb.knex.raw(
      `INSERT INTO geography.admin0 (admin0name, admin0pcod, geom)
       VALUES ('Synthland', 'SYN', ST_Multi(ST_MakeEnvelope(80, 26, 88, 30, 4326)))`,
    );
  });
  afterAll(async () => {
    await Promise.all([api?.destroy(), engine?.destroy()]);
    await tdb?.drop();
  });

  it('connects only the two roles (and superusers) to the database', async () => {
    const { rows } = await tdb.knex.raw(`SELECT has_database_privilege('public', current_database(), 'CONNECT') AS p`);
    expect(rows[0].p).toBe(false);
    await expect(api.raw('SELECT 1 AS one')).resolves.toBeDefined();
  });

  it('api role cannot read events, etl or cache tables', async () => {
    await expect(api.raw('SELECT * FROM events.calls')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM events.calls_20160101')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM etl.etl_records')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM etl.available_dates')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM infrastructure.cells')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM cache.queries')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM cache.cached')).rejects.toThrow(DENIED);
    await expect(api.raw('SELECT * FROM public.flowdeck_migrations')).rejects.toThrow(DENIED);
    await expect(api.raw(`SELECT cache.invalidate_dates('calls', ARRAY['2016-01-01']::date[])`)).rejects.toThrow(DENIED);
    await expect(api.raw(`SELECT cache.record_transition('x', 'queue', 'known', 'queued')`)).rejects.toThrow(DENIED);
    await expect(api.raw('CREATE TABLE cache.api_table (a int)')).rejects.toThrow(DENIED);
  });

  it('api role reads the cache views and geography and executes register_query', async () => {
    const state = await api.raw(`SELECT cache.register_query('q1', 'daily_location', '{"a": 1}'::jsonb, '{"a": 1}'::jsonb, 'admin3') AS s`);
    expect(state.rows[0].s).toBe('queued');
    const status = await api('cache.query_status').where({ query_id: 'q1' });
    expect(status).toEqual([
      expect.objectContaining({ query_id: 'q1', state: 'queued', eligible: 1, queued: 1, running: 0, aggregation_unit: 'admin3' }),
    ]);
    expect(await api('cache.available_dates').select('cdr_type')).toEqual([{ cdr_type: 'calls' }]);
    await expect(api('cache.qa_checks').select()).resolves.toEqual([]);
    const geo = await api.raw(`SELECT admin0pcod, ST_AsGeoJSON(geom) IS NOT NULL AS has_geojson FROM geography.admin0`);
    expect(geo.rows).toEqual([{ admin0pcod: 'SYN', has_geojson: true }]);
    await expect(api.raw(`SELECT cache.request_cancel('q1') AS s`)).resolves.toMatchObject({ rows: [{ s: 'cancelled' }] });
  });

  it('engine role reads events (new partitions included) and etl, and creates tables in cache', async () => {
    expect(await engine('events.calls').count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await engine('events.calls_20160101').count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await engine('etl.available_dates').select('cdr_type')).toEqual([{ cdr_type: 'calls' }]);
    await expect(engine('infrastructure.cells').select()).resolves.toEqual([]);
    await expect(engine('geography.admin0').select('admin0pcod')).resolves.toEqual([{ admin0pcod: 'SYN' }]);
    await expect(engine.raw('SELECT nextval(\'cache.cache_touches\')')).resolves.toBeDefined();
    await expect(engine('cache.queries').select()).resolves.toBeDefined();
    await engine.raw('CREATE TABLE cache.xengine_test AS SELECT 1 AS a');
    await expect(engine.raw('INSERT INTO events.calls (datetime, msisdn) VALUES (now(), \'x\')')).rejects.toThrow(DENIED);
    await expect(engine.raw(`INSERT INTO etl.etl_records (cdr_type, cdr_date, state) VALUES ('sms', '2016-01-01', 'pending')`)).rejects.toThrow(DENIED);

    // Result tables are private to the engine until it grants them to the api group.
    await expect(api.raw('SELECT * FROM cache.xengine_test')).rejects.toThrow(DENIED);
    await engine.raw('GRANT SELECT ON cache.xengine_test TO flowdeck_api');
    await expect(api.raw('SELECT * FROM cache.xengine_test')).resolves.toMatchObject({ rows: [{ a: 1 }] });
  });

  it('engine role can verify the schema version read-only', async () => {
    await expect(flowdbSchemaStatus(engine)).resolves.toMatchObject({ current: true, pending: [], changed: [] });
    await expect(flowdbSchemaStatus(api)).rejects.toThrow(DENIED);
  });

  it('the database time zone is UTC for every role', async () => {
    for (const k of [tdb.knex, api, engine]) {
      const { rows } = await k.raw('SHOW timezone');
      expect(rows[0].TimeZone).toBe('UTC');
    }
  });
});
