const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?)?$/;

const DAY_MS = 86_400_000;

/**
 * Parses an ISO 8601 date or date-time (spec/query-kinds.md §1; naive date-times are UTC) into epoch milliseconds,
 * or undefined when the text is not a valid calendar date/time.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, oh, om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const check = new Date(base);
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps the literal year.
  check.setUTCFullYear(year);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  if (Number(oh ?? 0) > 23 || Number(om) > 59) return undefined;
  return check.getTime() - offsetMinutes * 60_000;
}

/**
 * Canonical date text (spec/query-kinds.md §4 step 1): `YYYY-MM-DD` for midnight UTC, else UTC
 * `YYYY-MM-DDTHH:MM:SSZ` with `.sss` only when the milliseconds are non-zero. Instants compare, so
 * `2016-01-01`, `2016-01-01T00:00:00` and `2016-01-01T02:00:00+02:00` are one canonical value.
 */
export function canonicalDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  if (((epochMs % DAY_MS) + DAY_MS) % DAY_MS === 0) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** Every UTC calendar day (YYYY-MM-DD) overlapping `[start, end)`. */
export function daysInRange(startMs: number, endMs: number): string[] {
  const days: string[] = [];
  for (let t = Math.floor(startMs / DAY_MS) * DAY_MS; t < endMs; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
