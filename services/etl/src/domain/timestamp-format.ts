/**
 * Timestamp formats a source definition may name for a column (`timestampFormat`):
 * - `iso`: passed through unchanged (Postgres parses ISO 8601 and its own text forms);
 * - `epoch` / `epoch_ms`: seconds / milliseconds since 1970-01-01 UTC;
 * - a pattern of the tokens `YYYY`, `MM`, `DD`, `HH`, `mm`, `ss`, `SSS` and literal characters, e.g.
 *   `YYYYMMDDHHmmss` or `DD/MM/YYYY HH:mm:ss`, read as UTC unless the definition gives `utcOffset` (`+05:45`).
 * The compiled parser returns ISO text with an offset (`2016-01-01T10:00:00+00:00`), or `undefined` when the value
 * does not fit the format.
 */
export type TimestampParser = (value: string) => string | undefined;

const TOKENS: Record<string, { digits: number; name: string }> = {
  YYYY: { digits: 4, name: 'year' },
  MM: { digits: 2, name: 'month' },
  DD: { digits: 2, name: 'day' },
  HH: { digits: 2, name: 'hour' },
  mm: { digits: 2, name: 'minute' },
  ss: { digits: 2, name: 'second' },
  SSS: { digits: 3, name: 'millis' },
};
const TOKEN_RE = /YYYY|SSS|MM|DD|HH|mm|ss/g;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Throws TypeError when the format or offset is not understood. */
export function compileTimestampFormat(format: string, utcOffset = '+00:00'): TimestampParser {
  if (!/^[+-]\d{2}:\d{2}$/.test(utcOffset)) throw new TypeError(`utcOffset must look like +05:45, got '${utcOffset}'`);
  if (format === 'iso') return (v) => (v === '' ? undefined : v);
  if (format === 'epoch' || format === 'epoch_ms') {
    const scale = format === 'epoch' ? 1000 : 1;
    return (v) => {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return undefined;
      const d = new Date(Number(v) * scale);
      return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace('Z', '+00:00');
    };
  }
  const names: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    source += escapeRe(format.slice(last, m.index));
    const t = TOKENS[m[0]]!;
    if (names.includes(t.name)) throw new TypeError(`timestamp format '${format}' repeats ${m[0]}`);
    names.push(t.name);
    source += `(\\d{${t.digits}})`;
    last = m.index + m[0].length;
  }
  source += `${escapeRe(format.slice(last))}$`;
  for (const required of ['year', 'month', 'day']) {
    if (!names.includes(required)) throw new TypeError(`timestamp format '${format}' needs YYYY, MM and DD (or iso, epoch, epoch_ms)`);
  }
  const re = new RegExp(source);
  return (v) => {
    const m = re.exec(v);
    if (!m) return undefined;
    const part = (name: string): number => {
      const i = names.indexOf(name);
      return i < 0 ? 0 : Number(m[i + 1]);
    };
    const [y, mo, d, h, mi, s, ms] = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millis'].map(part) as [number, number, number, number, number, number, number];
    const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
    const frac = ms > 0 ? `.${pad(ms, 3)}` : '';
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac}${utcOffset}`;
  };
}
