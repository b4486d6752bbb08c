import type { CdrType } from './cdr-types.js';

/** A QA check of spec/flowdb.md §6: its stored name, the types it applies to and its SQL file (sql/qa/<name>.sql). */
export interface QaCheck {
  name: string;
  types: 'all' | readonly CdrType[];
}

/** Every check, in the order of the §6 table. */
export const QA_CHECKS: readonly QaCheck[] = [
  { name: 'count_added_rows', types: 'all' },
  { name: 'count_duplicated', types: 'all' },
  { name: 'count_duplicates', types: 'all' },
  { name: 'count_msisdns', types: 'all' },
  { name: 'count_imsis', types: 'all' },
  { name: 'count_imeis', types: 'all' },
  { name: 'count_location_ids', types: 'all' },
  { name: 'count_locatable_location_ids', types: 'all' },
  { name: 'count_locatable_events', types: 'all' },
  { name: 'count_null_imsis', types: 'all' },
  { name: 'count_null_imeis', types: 'all' },
  { name: 'count_null_location_ids', types: 'all' },
  { name: 'max_msisdns_per_imei', types: 'all' },
  { name: 'max_msisdns_per_imsi', types: 'all' },
  { name: 'earliest_timestamp', types: 'all' },
  { name: 'latest_timestamp', types: 'all' },
  { name: 'count_added_rows_outgoing', types: ['calls'] },
  { name: 'count_null_counterparts', types: ['calls'] },
  { name: 'count_null_durations', types: ['calls'] },
  { name: 'count_onnet_msisdns', types: ['calls'] },
  { name: 'count_onnet_msisdns_incoming', types: ['calls'] },
  { name: 'count_onnet_msisdns_outgoing', types: ['calls'] },
  { name: 'max_duration', types: ['calls'] },
  { name: 'median_duration', types: ['calls'] },
];

/** The checks that apply to a type. */
export function qaChecksFor(type: CdrType): QaCheck[] {
  return QA_CHECKS.filter((c) => c.types === 'all' || c.types.includes(type));
}
