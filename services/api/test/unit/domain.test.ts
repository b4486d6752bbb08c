import { availableDatesBody } from '../../src/domain/available-dates-body.js';
import { cancelAnswer } from '../../src/domain/cancel-answer.js';
import { parseIsoDate } from '../../src/domain/iso-date.js';
import { createResultEncoder, toFileType } from '../../src/domain/result-encoder.js';
import { streamLockKey } from '../../src/domain/stream-lock-key.js';
import { peekTokenIdentity } from '../../src/domain/token-identity.js';
import { columnEncoding, csvRecord, csvValue, jsonValue } from '../../src/domain/value-encoding.js';
import { splitResultRef } from '../../src/http/routes/get-result.js';

describe('streamLockKey (spec/flowdb.md §8.2)', () => {
  test('first 16 hex digits as a signed 64-bit integer', () => {
    expect(streamLockKey('0000000000000001ffffffffffffffff')).toBe('1');
    expect(streamLockKey('ffffffffffffffff0000000000000000')).toBe('-1');
    expect(streamLockKey('8000000000000000aaaa')).toBe('-9223372036854775808');
    expect(streamLockKey('7fffffffffffffff')).toBe('9223372036854775807');
    expect(() => streamLockKey('xyz')).toThrow(TypeError);
  });
});

describe('value encoding (spec/api.md §6)', () => {
  test.each([
    [20, '9007199254740993', '9007199254740993'],
    [1700, '0.1000', '0.1000'],
    [1700, 'NaN', 'null'],
    [701, '1e+100', '1e+100'],
    [701, '-Infinity', 'null'],
    [16, 't', 'true'],
    [1082, '2016-01-01', '"2016-01-01"'],
    [1184, '2016-01-01 00:00:00+00', '"2016-01-01T00:00:00+00:00"'],
    [1184, '2016-01-01 00:00:00.123+00', '"2016-01-01T00:00:00.123000+00:00"'],
    [1184, '2016-01-01 00:00:00+05:30', '"2016-01-01T00:00:00+05:30"'],
    [1114, '2016-01-01 10:00:00', '"2016-01-01T10:00:00"'],
    [3802, '{"a": [1, 2]}', '{"a": [1, 2]}'],
    [25, 'say "hi"\n', '"say \\"hi\\"\\n"'],
  ])('oid %i %s → %s', (oid, text, json) => {
    expect(jsonValue(text, columnEncoding(oid))).toBe(json);
  });

  test('CSV quoting follows Python csv (minimal)', () => {
    expect(csvValue('plain', 'text')).toBe('plain');
    expect(csvValue('a,b', 'text')).toBe('"a,b"');
    expect(csvValue('say "x"', 'text')).toBe('"say ""x"""');
    expect(csvValue('line\r\nbreak', 'text')).toBe('"line\r\nbreak"');
    expect(csvValue(null, 'number')).toBe('');
    expect(csvRecord([''])).toBe('""\r\n');
    expect(csvRecord(['a', ''])).toBe('a,\r\n');
  });

  test('json encoder separates rows across batches with ", "', () => {
    const e = createResultEncoder('json', { queryId: 'q', columns: [{ name: 'v', encoding: 'number' }] });
    expect(e.head() + e.rows([['1']]) + e.rows([['2'], ['3']]) + e.rows([]) + e.tail()).toBe(
      '{"query_id":"q", "query_result":[{"v":1}, {"v":2}, {"v":3}]}',
    );
  });
});

describe('small decisions', () => {
  test('file types and result refs', () => {
    expect(toFileType(undefined)).toBe('json');
    expect(toFileType('csv')).toBe('csv');
    expect(toFileType('toString')).toBeUndefined();
    expect(splitResultRef('abc.geojson')).toEqual({ queryId: 'abc', fileType: 'geojson' });
    expect(splitResultRef('abc')).toEqual({ queryId: 'abc', fileType: undefined });
  });

  test('ISO dates are strict', () => {
    expect(parseIsoDate('2016-02-29')).toBe('2016-02-29');
    expect(parseIsoDate('2015-02-29')).toBeUndefined();
    expect(parseIsoDate('2016-1-01')).toBeUndefined();
    expect(parseIsoDate(undefined)).toBeUndefined();
  });

  test('available dates body orders types and dates', () => {
    expect(
      availableDatesBody([
        { cdrType: 'sms', cdrDate: '2016-01-02' },
        { cdrType: 'calls', cdrDate: '2016-01-03' },
        { cdrType: 'sms', cdrDate: '2016-01-01' },
      ]),
    ).toEqual({ available_dates: { calls: ['2016-01-03'], sms: ['2016-01-01', '2016-01-02'] } });
  });

  test('cancel answers', () => {
    expect(cancelAnswer('q', 'cancelled')).toEqual({ status: 200, body: { query_id: 'q', status: 'cancelled' } });
    expect(cancelAnswer('q', 'completed')).toEqual({ status: 409, body: { status: 'completed', msg: 'Query is not running.' } });
  });

  test('token identity is read without verification and never throws', () => {
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(peekTokenIdentity(`Bearer ${b64({ kid: 'k' })}.${b64({ sub: 'u', jti: 'j' })}.sig`)).toEqual({ user: 'u', jti: 'j', kid: 'k' });
    expect(peekTokenIdentity('Bearer !!!.???')).toEqual({});
    expect(peekTokenIdentity(undefined)).toEqual({});
  });
});
