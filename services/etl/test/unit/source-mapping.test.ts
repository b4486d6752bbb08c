import { CsvRecordParser } from '../../src/adapters/fs/csv-record-parser.js';
import { compileRowMapper } from '../../src/domain/row-mapper.js';
import { defaultSourceDefinition, matchSourceFile, parseSourceDefinition } from '../../src/domain/source-definition.js';
import { compileTimestampFormat } from '../../src/domain/timestamp-format.js';

describe('timestamp formats', () => {
  test.each([
    ['YYYYMMDDHHmmss', '20160101103000', '+00:00', '2016-01-01T10:30:00+00:00'],
    ['DD/MM/YYYY HH:mm:ss', '31/12/2016 23:59:59', '+05:45', '2016-12-31T23:59:59+05:45'],
    ['epoch', '1451606400', '+00:00', '2016-01-01T00:00:00.000+00:00'],
    ['iso', '2016-01-01T00:00:00Z', '+00:00', '2016-01-01T00:00:00Z'],
  ])('%s %s', (format, value, offset, expected) => expect(compileTimestampFormat(format, offset)(value)).toBe(expected));
  test.each([
    ['YYYYMMDDHHmmss', '2016-01-01 10:30'],
    ['YYYYMMDDHHmmss', '20160230103000'],
    ['epoch', 'soon'],
  ])('%s rejects %s', (format, value) => expect(compileTimestampFormat(format)(value)).toBeUndefined());
  test('a format without a date is refused', () => expect(() => compileTimestampFormat('HH:mm')).toThrow(/needs YYYY, MM and DD/));
});

describe('CsvRecordParser', () => {
  test('quotes, doubled quotes, embedded newlines and delimiters, CRLF, chunk boundaries', () => {
    const p = new CsvRecordParser({ delimiter: ';', quote: '"' });
    const got: [string[], number][] = [];
    const text = 'a;"b;c";"say ""hi"""\r\n"multi\nline";x;\n\nlast;1;2';
    for (let i = 0; i < text.length; i += 3) p.feed(text.slice(i, i + 3), (f, l) => got.push([[...f], l]));
    expect(p.end((f, l) => got.push([[...f], l]))).toBe(true);
    expect(got).toEqual([
      [['a', 'b;c', 'say "hi"'], 1],
      [['multi\nline', 'x', ''], 2],
      [['last', '1', '2'], 5],
    ]);
  });
  test('an open quote at the end is reported', () => {
    const p = new CsvRecordParser({ delimiter: ',', quote: '"' });
    p.feed('a,"unterminated', () => undefined);
    expect(p.end(() => undefined)).toBe(false);
  });
});

describe('source definitions and row mapping', () => {
  test('the default definition is the identity fast path', () => {
    const m = compileRowMapper(defaultSourceDefinition('sms'), ['id', 'datetime', 'msisdn']);
    expect(m).toMatchObject({ identity: true, columns: ['id', 'datetime', 'msisdn'] });
    expect(() => compileRowMapper(defaultSourceDefinition('sms'), ['id', 'datetime', 'msisdn', 'colour'])).toThrow(/Unknown column\(s\) in the header: colour/);
  });
  test('one_row_per_call gives two rows sharing id; constants and renames', () => {
    const def = parseSourceDefinition(
      {
        cdrType: 'calls',
        filePattern: '^v_(?<date>\\d{4}-\\d{2}-\\d{2})\\.txt$',
        csv: { delimiter: '|', header: false },
        sourceColumns: ['ref', 'ts', 'a', 'b', 'dur'],
        mode: 'one_row_per_call',
        columns: { id: 'ref', datetime: { source: 'ts', timestampFormat: 'YYYYMMDDHHmmss' }, duration: 4, network: { constant: null } },
        caller: { msisdn: 'a', msisdn_counterpart: 'b' },
        callee: { msisdn: 'b', msisdn_counterpart: 'a' },
      },
      'calls.json',
    );
    expect(matchSourceFile(def, 'v_2016-01-02.txt')).toEqual({ date: '2016-01-02', gzip: false });
    expect(matchSourceFile(def, 'v_2016-02-30.txt')).toBeUndefined();
    const m = compileRowMapper(def, undefined);
    expect(m.columns).toEqual(['outgoing', 'id', 'datetime', 'duration', 'network', 'msisdn', 'msisdn_counterpart']);
    expect(m.map(['r1', '20160102000001', 'A', 'B', '42'], 1)).toEqual([
      ['true', 'r1', '2016-01-02T00:00:01+00:00', '42', null, 'A', 'B'],
      ['false', 'r1', '2016-01-02T00:00:01+00:00', '42', null, 'B', 'A'],
    ]);
    expect(() => m.map(['r1', 'yesterday', 'A', 'B', '1'], 7)).toThrow("line 7: unparsable timestamp 'yesterday' in column ts for datetime (expected format YYYYMMDDHHmmss).");
  });
  test('invalid definitions list every problem', () => {
    expect(() =>
      parseSourceDefinition({ cdrType: 'mds', filePattern: '^mds\\.csv$', csv: { delimiter: ',,' }, columns: { colour: 'c' }, mode: 'one_row_per_call' }, 'mds.json'),
    ).toThrow(/mds\.json: filePattern needs a named group \(\?<date>\.\.\.\); csv\.delimiter must be one character; .*events\.mds has no column 'colour'.*events\.mds has no outgoing column/);
  });
});
