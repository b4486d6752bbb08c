import { EVENT_TYPES } from './catalogue/common-fields.js';
import { kindDecl } from './catalogue/catalogue.js';
import { daysInRange, parseIsoInstant } from './dates.js';
import { walkSubqueries } from './walk-subqueries.js';

export interface DateDependency {
  cdrType: string;
  /** YYYY-MM-DD (UTC day). */
  date: string;
}

const PERIOD_UNIT_MS: Readonly<Record<string, number>> = {
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
};

/** Length of the window of a `periods` date source: total_periods × period_length × period_unit. */
export function periodsSpanMs(spec: Record<string, unknown>): number {
  const unit = PERIOD_UNIT_MS[String(spec['period_unit'] ?? 'days')] ?? PERIOD_UNIT_MS['days']!;
  return Number(spec['total_periods']) * Number(spec['period_length'] ?? 1) * unit;
}

/** UTC days of the `[spec[from], spec[to])` window. */
function daysOfRange(spec: Record<string, unknown>, from: string, to: string): string[] {
  const start = parseIsoInstant(String(spec[from]));
  const end = parseIsoInstant(String(spec[to]));
  return start === undefined || end === undefined ? [] : daysInRange(start, end);
}

/** The (cdr_type, date) pairs one node reads itself, without its children (spec/query-kinds.md §9). */
export function ownDateDependencies(spec: Record<string, unknown>): DateDependency[] {
  const decl = kindDecl(String(spec['query_kind']));
  if (!decl || decl.dateSource.dates === 'none') return [];
  let days: string[];
  if (decl.dateSource.dates === 'single') {
    const at = parseIsoInstant(String(spec[decl.dateSource.field]));
    days = at === undefined ? [] : daysInRange(at, at + 1);
  } else if (decl.dateSource.dates === 'periods') {
    const start = parseIsoInstant(String(spec['start_date']));
    days = start === undefined ? [] : daysInRange(start, start + periodsSpanMs(spec));
  } else if (decl.dateSource.dates === 'ranges') {
    days = [...new Set(decl.dateSource.ranges.flatMap(([from, to]) => daysOfRange(spec, from, to)))].sort();
  } else {
    const start = parseIsoInstant(String(spec['start_date']));
    const end = parseIsoInstant(String(spec['end_date']));
    days = start === undefined || end === undefined ? [] : daysInRange(start, end);
  }
  const listed = spec['event_types'];
  const types: readonly string[] = Array.isArray(listed)
    ? (listed as string[])
    : (decl.defaultEventTypes ?? EVENT_TYPES);
  return types.flatMap((cdrType) => days.map((date) => ({ cdrType, date })));
}

/**
 * Every (cdr_type, date) pair a canonical spec reads, its sub-specs' included: the event types (`event_types`, all
 * four when null, `topups` for topup_*) crossed with every day of `[start_date, end_date)` (`daily_location`: `date`).
 * Sorted by cdr type then date, de-duplicated.
 */
export function dateDependencies(canonical: Record<string, unknown>): DateDependency[] {
  const seen = new Map<string, DateDependency>();
  walkSubqueries(canonical, ({ spec }) => {
    for (const dep of ownDateDependencies(spec)) seen.set(`${dep.cdrType} ${dep.date}`, dep);
  });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, dep]) => dep);
}
