/**
 * Text encodings of result values for the streamed formats of spec/api.md §6. Values arrive as their Postgres text
 * form (adapters/postgres/flowdb-pool.ts) together with the column's type OID; these functions turn them into JSON
 * fragments and CSV fields without ever going through JavaScript numbers, so numeric/bigint stay exact.
 */

/** How a column's text is written. */
export type ColumnEncoding = 'number' | 'float' | 'boolean' | 'date' | 'timestamptz' | 'timestamp' | 'json' | 'text';

/** Postgres type OIDs the encoders know (pg_type.oid, stable across versions). */
const ENCODING_BY_OID: ReadonlyMap<number, ColumnEncoding> = new Map([
  [20, 'number'], // int8
  [21, 'number'], // int2
  [23, 'number'], // int4
  [26, 'number'], // oid
  [1700, 'number'], // numeric
  [700, 'float'], // float4
  [701, 'float'], // float8
  [16, 'boolean'],
  [1082, 'date'],
  [1184, 'timestamptz'],
  [1114, 'timestamp'],
  [114, 'json'],
  [3802, 'json'], // jsonb
]);

/** The encoding of a column of type `oid`; unknown types are written as text. */
export function columnEncoding(oid: number): ColumnEncoding {
  return ENCODING_BY_OID.get(oid) ?? 'text';
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity', 'infinity', '-infinity']);

/**
 * `2016-01-01 06:30:00.5+00` (TimeZone UTC, DateStyle ISO) → `2016-01-01T06:30:00.500000+00:00`: ISO form with
 * the offset as ±HH:MM and six fractional digits only when non-zero (Python's isoformat, which FlowKit uses).
 */
function isoTimestamp(text: string, withOffset: boolean): string | null {
  if (text === 'infinity' || text === '-infinity') return null;
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})?(:?\d{2})?(:?\d{2})?( BC)?$/.exec(text);
  if (m === null) return text;
  const [, date, time, frac, offH, offM] = m;
  let out = `${date}T${time}`;
  if (frac !== undefined && !/^\.0*$/.test(frac)) out += frac.padEnd(7, '0').slice(0, 7);
  if (withOffset) out += `${offH ?? '+00'}:${offM === undefined ? '00' : offM.replace(':', '')}`;
  return out;
}

/** The value's text as it is written in both formats, or null for SQL NULL and non-finite numbers. */
function normalisedText(text: string | null, encoding: ColumnEncoding): string | null {
  if (text === null) return null;
  switch (encoding) {
    case 'number':
    case 'float':
      return NON_FINITE.has(text) ? null : text;
    case 'boolean':
      return text === 't' ? 'true' : 'false';
    case 'timestamptz':
      return isoTimestamp(text, true);
    case 'timestamp':
      return isoTimestamp(text, false);
    default:
      return text;
  }
}

/** One value as a JSON fragment: numbers and booleans unquoted, json embedded, everything else a JSON string. */
export function jsonValue(text: string | null, encoding: ColumnEncoding): string {
  const t = normalisedText(text, encoding);
  if (t === null) return 'null';
  switch (encoding) {
    case 'number':
    case 'float':
    case 'boolean':
    case 'json':
      return t;
    default:
      return JSON.stringify(t);
  }
}

/**
 * One CSV field as Python's default csv dialect writes it: quoted (quotes doubled) only when it contains a comma,
 * quote, CR or LF; NULL is an empty field.
 */
export function csvField(text: string | null): string {
  if (text === null) return '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A value's CSV field (same texts as JSON, unquoted unless the CSV rule requires it). */
export function csvValue(text: string | null, encoding: ColumnEncoding): string {
  return csvField(normalisedText(text, encoding));
}

/**
 * One CSV record with its `\r\n`. Python writes a record made of a single empty field as `""` so that it is not
 * read back as a blank line; so do we.
 */
export function csvRecord(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === '') return '""\r\n';
  return `${fields.join(',')}\r\n`;
}
