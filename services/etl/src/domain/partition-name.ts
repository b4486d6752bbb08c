import type { CdrType } from './cdr-types.js';

/** `YYYYMMDD` of a `YYYY-MM-DD` date. */
export function compactDate(date: string): string {
  return date.replace(/-/g, '');
}

/** Parent table of a type: `events.<type>` as [schema, table]. */
export function parentTable(type: CdrType): { schema: 'events'; table: string } {
  return { schema: 'events', table: type };
}

/** Daily partition: `events.<type>_YYYYMMDD` (spec/flowdb.md §3). */
export function partitionName(type: CdrType, date: string): { schema: 'events'; table: string } {
  return { schema: 'events', table: `${type}_${compactDate(date)}` };
}

/** Staging table of one ingest attempt: `etl.stage_<type>_<yyyymmdd>_<suffix>` (suffix: lowercase hex). */
export function stagingTableName(type: CdrType, date: string, suffix: string): { schema: 'etl'; table: string } {
  if (!/^[0-9a-f]{1,16}$/.test(suffix)) throw new TypeError('staging suffix must be 1-16 lowercase hex characters');
  return { schema: 'etl', table: `stage_${type}_${compactDate(date)}_${suffix}` };
}

/** Index on one column of a partition: `<type>_YYYYMMDD_<column>_idx`. */
export function partitionIndexName(type: CdrType, date: string, column: string): string {
  return `${type}_${compactDate(date)}_${column}_idx`;
}

/** CHECK constraint bounding a partition's datetime to its day. */
export function partitionCheckName(type: CdrType, date: string): string {
  return `${type}_${compactDate(date)}_datetime_check`;
}

/** UTC bounds of a day, as timestamptz literals `YYYY-MM-DD 00:00:00+00`. */
export function dayBounds(date: string): { from: string; to: string } {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new TypeError(`not a date: ${date}`);
  const next = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
  return { from: `${date} 00:00:00+00`, to: `${next} 00:00:00+00` };
}
