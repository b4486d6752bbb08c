import { CDR_COLUMNS, indexedColumns } from '../../src/domain/cdr-types.js';
import { canTransition } from '../../src/domain/etl-state.js';
import { parseFileName } from '../../src/domain/parse-file-name.js';
import { dayBounds, partitionIndexName, partitionName, stagingTableName } from '../../src/domain/partition-name.js';
import { planIngest } from '../../src/domain/plan-ingest.js';
import { qaChecksFor } from '../../src/domain/qa-checks.js';

describe('parseFileName', () => {
  test.each([
    ['calls_20160101.csv.gz', { cdrType: 'calls', date: '2016-01-01', gzip: true }],
    ['sms_20161231.csv', { cdrType: 'sms', date: '2016-12-31', gzip: false }],
    ['topups_20160229.csv.gz', { cdrType: 'topups', date: '2016-02-29', gzip: true }],
    ['forwards_20160101.csv.gz', { cdrType: 'forwards', date: '2016-01-01', gzip: true }],
  ])('%s', (name, expected) => expect(parseFileName(name)).toEqual(expected));

  test.each(['calls_20160230.csv.gz', 'calls_2016010.csv.gz', 'voice_20160101.csv.gz', 'calls_20160101.txt', 'calls_20160101.csv.gz.tmp', 'cells.csv'])(
    'rejects %s',
    (name) => expect(parseFileName(name)).toBeUndefined(),
  );
});

describe('names and bounds', () => {
  test('partition, staging and index names', () => {
    expect(partitionName('calls', '2016-01-01')).toEqual({ schema: 'events', table: 'calls_20160101' });
    expect(stagingTableName('mds', '2016-01-02', 'ab12')).toEqual({ schema: 'etl', table: 'stage_mds_20160102_ab12' });
    expect(() => stagingTableName('mds', '2016-01-02', 'x; drop')).toThrow(TypeError);
    expect(partitionIndexName('sms', '2016-01-03', 'msisdn')).toBe('sms_20160103_msisdn_idx');
  });

  test('day bounds are UTC and cross month ends', () => {
    expect(dayBounds('2016-01-31')).toEqual({ from: '2016-01-31 00:00:00+00', to: '2016-02-01 00:00:00+00' });
    expect(() => dayBounds('2016-13-01')).toThrow(TypeError);
  });

  test('indexes of §3: counterpart only for interaction types', () => {
    expect(indexedColumns('calls')).toContain('msisdn_counterpart');
    expect(indexedColumns('mds')).not.toContain('msisdn_counterpart');
    expect(CDR_COLUMNS.sms).not.toContain('duration');
  });

  test('QA checks: calls get the call-only checks', () => {
    expect(qaChecksFor('calls').map((c) => c.name)).toContain('median_duration');
    expect(qaChecksFor('sms').map((c) => c.name)).not.toContain('median_duration');
    expect(qaChecksFor('sms').map((c) => c.name)).toContain('count_added_rows');
  });
});

describe('ETL states and ingest planning', () => {
  test('transitions of spec/flowdb.md §5', () => {
    expect(canTransition(undefined, 'pending')).toBe(true);
    expect(canTransition(undefined, 'ingesting')).toBe(false);
    expect(canTransition('ingesting', 'quarantined')).toBe(true);
    expect(canTransition('ingested', 'ingesting')).toBe(false);
    expect(canTransition('dropped', 'pending')).toBe(true);
  });

  test('planIngest', () => {
    expect(planIngest([], 'a')).toEqual({ action: 'ingest' });
    const done = [
      { state: 'pending', fileSha256: 'a' },
      { state: 'ingesting', fileSha256: 'a' },
      { state: 'ingested', fileSha256: 'a' },
    ] as const;
    expect(planIngest(done, 'a').action).toBe('skip');
    expect(planIngest(done, 'b')).toEqual({ action: 'ingest' });
    expect(planIngest([{ state: 'ingesting', fileSha256: 'x' }], 'b').action).toBe('skip');
    expect(planIngest([{ state: 'quarantined', fileSha256: 'a' }], 'a').action).toBe('skip');
    const failedTwice = [
      { state: 'failed', fileSha256: 'a' },
      { state: 'pending', fileSha256: 'a' },
      { state: 'failed', fileSha256: 'a' },
    ] as const;
    expect(planIngest(failedTwice, 'a')).toEqual({ action: 'ingest' });
    expect(planIngest([...failedTwice, { state: 'failed', fileSha256: 'a' }], 'a').action).toBe('skip');
  });
});
