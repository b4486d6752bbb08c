/**
 * FlowAuth's two response date-time forms (auth.md §1) and the request parser.
 */

/** `%Y-%m-%dT%H:%M:%S.%fZ` in UTC, e.g. `2020-12-31T12:00:00.000000Z`. */
export function formatIsoMicros(d: Date): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

/** `%Y-%m-%dT%H:%M:%S.%fZ`, or null for a null date. */
export function formatIsoMicrosOrNull(d: Date | null): string | null {
  return d === null ? null : formatIsoMicros(d);
}

/** RFC 7231 HTTP-date, e.g. `Thu, 31 Dec 2020 12:00:00 GMT`. */
export function formatHttpDate(d: Date): string {
  return d.toUTCString();
}

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/** Parses an ISO 8601 date-time with `Z` or an offset; undefined when the text is not one. */
export function parseIsoDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, date, hm, sec = '00', frac = '0', zone] = m;
  const ms = (frac + '000').slice(0, 3);
  let offset = zone!.toUpperCase();
  if (offset !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    offset = `${offset[0]}${digits.slice(0, 2)}:${(digits.slice(2) || '00').padEnd(2, '0')}`;
  }
  const d = new Date(`${date}T${hm}:${sec}.${ms}${offset}`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
