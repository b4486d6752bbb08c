import { sortRows, type Row } from './reference-kinds.js';

/** Columns compared as text; every other non-null column is compared as a number. */
const TEXT_COLUMNS = new Set(['pcod', 'pcod_from', 'pcod_to', 'name', 'metric', 'key', 'label']);

function dateText(v: Date, column: string): string {
  if (column !== 'date') return v.toISOString();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${v.getFullYear()}-${p(v.getMonth() + 1)}-${p(v.getDate())}`;
}

/**
 * Rows as the engine's table (node-postgres) or the api's JSON give them, made comparable with reference rows:
 * numbers (bigint/numeric text included) as numbers, instants as ISO text (`.000Z`), `date` as `YYYY-MM-DD`.
 */
export function normaliseRows(rows: readonly Record<string, unknown>[]): Row[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        if (v === null || v === undefined) return [k, null];
        if (v instanceof Date) return [k, dateText(v, k)];
        if (TEXT_COLUMNS.has(k)) return [k, String(v)];
        if (k === 'date') return [k, String(v).slice(0, 10)];
        if (k === 'datetime') return [k, new Date(String(v)).toISOString()];
        return [k, Number(v)];
      }),
    ),
  );
}

/**
 * Differences between engine rows and reference rows (empty when they match): same columns, same row set (rows
 * sorted by their non-value columns), numbers equal within `tolerance` (relative, or absolute near zero).
 */
export function rowsDiff(actual: readonly Record<string, unknown>[], expected: Row[], tolerance = 1e-9): string[] {
  const a = sortRows(normaliseRows(actual));
  const e = sortRows(expected);
  if (a.length !== e.length) return [`expected ${e.length} rows, got ${a.length}: ${JSON.stringify({ got: a.slice(0, 5), want: e.slice(0, 5) })}`];
  const out: string[] = [];
  a.forEach((row, i) => {
    const want = e[i]!;
    const cols = new Set([...Object.keys(row), ...Object.keys(want)]);
    for (const c of cols) {
      const x = row[c];
      const y = want[c];
      const same =
        typeof x === 'number' && typeof y === 'number'
          ? Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y))
          : x === y;
      if (!same) out.push(`row ${i} column ${c}: got ${JSON.stringify(x)}, want ${JSON.stringify(y)} (${JSON.stringify(want)})`);
    }
  });
  return out.slice(0, 10);
}
