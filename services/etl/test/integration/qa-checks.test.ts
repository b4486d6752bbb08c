import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { runQaChecks } from '../../src/adapters/postgres/run-qa-checks.js';
import { qaChecksFor } from '../../src/domain/qa-checks.js';

// Every built-in QA check of spec/flowdb.md §6 on a small hand-made partition, against hand-worked outcomes.
//
// calls on 2016-01-01 (cells C1, C2 exist; C9 does not):
//   1  a out  01:00:00  10  A → B   C1    I1  E1
//   2  a in   01:00:00  10  B → A   C2    I2  E2
//   3  (an exact copy of row 2)
//   4  b out  05:00:00  20  A → X   C9    I1  E1
//   5  c out  23:59:59  –   C → –   –     –   E1
//   6  d in   12:00:00  30  D → A   C1    I3  –
const CALLS = [
  ['a', true, '01:00:00', 10, 'A', 'B', 'C1', 'I1', 'E1'],
  ['a', false, '01:00:00', 10, 'B', 'A', 'C2', 'I2', 'E2'],
  ['a', false, '01:00:00', 10, 'B', 'A', 'C2', 'I2', 'E2'],
  ['b', true, '05:00:00', 20, 'A', 'X', 'C9', 'I1', 'E1'],
  ['c', true, '23:59:59', null, 'C', null, null, null, 'E1'],
  ['d', false, '12:00:00', 30, 'D', 'A', 'C1', 'I3', null],
] as const;

const EXPECTED_CALLS: Record<string, string | RegExp> = {
  count_added_rows: '6',
  count_duplicated: '2', // rows 2 and 3
  count_duplicates: '1',
  count_msisdns: '4',
  count_imsis: '3',
  count_imeis: '2',
  count_location_ids: '3',
  count_locatable_location_ids: '2',
  count_locatable_events: '4',
  count_null_imsis: '1',
  count_null_imeis: '1',
  count_null_location_ids: '1',
  max_msisdns_per_imei: '2', // E1: A and C
  max_msisdns_per_imsi: '1',
  earliest_timestamp: /^2016-01-01 01:00:00(\+00)?$/,
  latest_timestamp: /^2016-01-01 23:59:59(\+00)?$/,
  count_added_rows_outgoing: '3',
  count_null_counterparts: '1',
  count_null_durations: '1',
  count_onnet_msisdns: '3', // A, B, D call someone who also appears as a subscriber that day
  count_onnet_msisdns_incoming: '2', // B, D
  count_onnet_msisdns_outgoing: '1', // A
  max_duration: '30',
  median_duration: '10',
};

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.knex.raw(`SET TIME ZONE 'UTC'`);
  for (const id of ['C1', 'C2']) await db.knex('infrastructure.cells').insert({ id, version: 1 });
  for (const type of ['calls', 'sms']) {
    await db.knex.raw(`CREATE TABLE events.${type}_20160101 PARTITION OF events.${type} FOR VALUES FROM ('2016-01-01 00:00:00+00') TO ('2016-01-02 00:00:00+00')`);
  }
  await db.knex('events.calls').insert(
    CALLS.map(([id, outgoing, time, duration, msisdn, counterpart, location, imsi, imei]) => ({
      id, outgoing, datetime: `2016-01-01T${time}Z`, duration, msisdn, msisdn_counterpart: counterpart, location_id: location, imsi, imei,
    })),
  );
  await db.knex('events.sms').insert([
    { id: 's1', outgoing: true, datetime: '2016-01-01T08:00:00Z', msisdn: 'A', msisdn_counterpart: 'B', location_id: 'C1', imsi: 'I1', imei: 'E1' },
    { id: 's1', outgoing: false, datetime: '2016-01-01T08:00:00Z', msisdn: 'B', msisdn_counterpart: 'A', location_id: null, imsi: null, imei: 'E1' },
  ]);
}, 120_000);

afterAll(async () => {
  await db?.drop();
}, 60_000);

describe('built-in QA checks', () => {
  it('answers every calls check with the hand-worked outcome and records one row per check', async () => {
    const outcomes = await runQaChecks(db.knex, 'calls', '2016-01-01');
    expect(outcomes.map((o) => o.check)).toEqual(qaChecksFor('calls').map((c) => c.name));
    for (const { check, outcome } of outcomes) {
      const want = EXPECTED_CALLS[check];
      if (want instanceof RegExp) expect([check, outcome]).toEqual([check, expect.stringMatching(want)]);
      else expect([check, outcome]).toEqual([check, want]);
    }
    const stored = await db.knex('etl.post_etl_queries').where({ cdr_type: 'calls' }).orderBy('id').select('type_of_query_or_check', 'outcome');
    expect(stored.map((r: { type_of_query_or_check: string }) => r.type_of_query_or_check)).toEqual(outcomes.map((o) => o.check));
  }, 60_000);

  it('runs only the checks of the type on a type without outgoing/duration columns of its own', async () => {
    const outcomes = Object.fromEntries((await runQaChecks(db.knex, 'sms', '2016-01-01')).map((o) => [o.check, o.outcome]));
    expect(Object.keys(outcomes)).toEqual(qaChecksFor('sms').map((c) => c.name));
    expect(outcomes).toMatchObject({
      count_added_rows: '2',
      count_duplicated: '0',
      count_duplicates: '0',
      count_msisdns: '2',
      count_imsis: '1',
      count_imeis: '1',
      count_location_ids: '1',
      count_locatable_location_ids: '1',
      count_locatable_events: '1',
      count_null_imsis: '1',
      count_null_imeis: '0',
      count_null_location_ids: '1',
      max_msisdns_per_imei: '2',
      max_msisdns_per_imsi: '1',
    });
    expect(outcomes).not.toHaveProperty('median_duration');
  }, 60_000);
});
