import { createTestDatabase, type TestDatabase } from '../../../test-support/flowdb.js';

describe('etl.etl_records and availability views', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  async function record(cdrType: string, date: string, ...states: string[]): Promise<void> {
    for (const state of states) await tdb.knex('etl.etl_records').insert({ cdr_type: cdrType, cdr_date: date, state });
  }
  async function available(cdrType: string): Promise<string[]> {
    const rows = await tdb.knex('etl.available_dates').where({ cdr_type: cdrType }).select(tdb.knex.raw(`to_char(cdr_date, 'YYYY-MM-DD') AS d`)).orderBy('d');
    return rows.map((r: { d: string }) => r.d);
  }

  it('rejects UPDATE and DELETE', async () => {
    await record('calls', '2016-01-01', 'pending');
    await expect(tdb.knex('etl.etl_records').update({ state: 'ingested' })).rejects.toThrow(/append-only/);
    await expect(tdb.knex('etl.etl_records').delete()).rejects.toThrow(/append-only/);
  });

  it('requires pending first and only allowed successors', async () => {
    await expect(record('sms', '2016-01-01', 'ingested')).rejects.toThrow(/Illegal ETL state transition for sms 2016-01-01: \(none\) -> ingested/);
    await record('sms', '2016-01-01', 'pending', 'ingesting');
    await expect(record('sms', '2016-01-01', 'pending')).rejects.toThrow(/ingesting -> pending/);
    await expect(record('sms', '2016-01-01', 'dropped')).rejects.toThrow(/ingesting -> dropped/);
    await record('sms', '2016-01-01', 'failed', 'pending', 'ingesting', 'quarantined', 'pending', 'ingesting', 'ingested');
    await expect(record('sms', '2016-01-01', 'ingesting')).rejects.toThrow(/ingested -> ingesting/);
    await record('sms', '2016-01-01', 'pending', 'dropped');
    await expect(record('sms', '2016-01-01', 'ingested')).rejects.toThrow(/dropped -> ingested/);
    await record('sms', '2016-01-01', 'pending');
    // Another (type, date) has its own history.
    await record('sms', '2016-01-02', 'pending');
    await expect(tdb.knex('etl.etl_records').insert({ cdr_type: 'voice', cdr_date: '2016-01-01', state: 'pending' })).rejects.toThrow();
  });

  it('applies the available-dates rule', async () => {
    await record('mds', '2016-01-01', 'pending', 'ingesting', 'ingested');
    await record('mds', '2016-01-02', 'pending', 'ingesting', 'ingested', 'pending');
    await record('mds', '2016-01-03', 'pending', 'ingesting', 'ingested', 'pending', 'ingesting', 'failed');
    await record('mds', '2016-01-04', 'pending', 'ingesting', 'ingested', 'dropped');
    await record('mds', '2016-01-05', 'pending', 'ingesting', 'ingested', 'dropped', 'pending', 'ingesting', 'ingested');
    await record('mds', '2016-01-06', 'pending', 'ingesting', 'quarantined');
    await record('mds', '2016-01-07', 'pending', 'ingesting', 'ingested', 'dropped', 'pending');
    expect(await available('mds')).toEqual(['2016-01-01', '2016-01-02', '2016-01-03', '2016-01-05']);
    const state = await tdb.knex('etl.ingest_state').where({ cdr_type: 'mds' }).orderBy('cdr_date').pluck('state');
    expect(state).toEqual(['ingested', 'pending', 'failed', 'dropped', 'ingested', 'quarantined', 'pending']);
  });

  it('dedupes QA outcomes to the latest per check, for available dates only', async () => {
    await record('topups', '2016-01-01', 'pending', 'ingesting', 'ingested');
    await record('topups', '2016-01-02', 'pending', 'ingesting', 'ingested', 'dropped');
    const check = (date: string, outcome: string) => ({
      cdr_type: 'topups', cdr_date: date, type_of_query_or_check: 'count_added_rows', outcome,
    });
    await tdb.knex('etl.post_etl_queries').insert([check('2016-01-01', '10'), check('2016-01-01', '12'), check('2016-01-02', '7')]);
    const rows = await tdb.knex('cache.qa_checks').where({ cdr_type: 'topups' }).select('type_of_query_or_check', 'outcome');
    expect(rows).toEqual([{ type_of_query_or_check: 'count_added_rows', outcome: '12' }]);
  });
});
