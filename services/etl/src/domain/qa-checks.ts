import type { CdrType } from './cdr-types.js';

/**
 * The statements that answer the built-in checks (sql/qa/<scan>.sql). Checks are grouped so that a partition is read
 * a few times rather than once per check; each statement returns one row with a text column per check it answers.
 */
export const QA_SCANS = ['partition-summary', 'duplicates', 'msisdns-per-device', 'calls-summary'] as const;
export type QaScan = (typeof QA_SCANS)[number];

/** A QA check of spec/flowdb.md §6: its stored name, the types it applies to and the statement answering it. */
export interface QaCheck {
  name: string;
  types: 'all' | readonly CdrType[];
  scan: QaScan;
}

/** Every check, in the order of the §6 table. */
export const QA_CHECKS: readonly QaCheck[] = [
  { name: 'count_added_rows', types: 'all', scan: 'partition-summary' },
  { name: 'count_duplicated', types: 'all', scan: 'duplicates' },
  { name: 'count_duplicates', types: 'all', scan: 'duplicates' },
  { name: 'count_msisdns', types: 'all', scan: 'partition-summary' },
  { name: 'count_imsis', types: 'all', scan: 'partition-summary' },
  { name: 'count_imeis', types: 'all', scan: 'partition-summary' },
  { name: 'count_location_ids', types: 'all', scan: 'partition-summary' },
  { name: 'count_locatable_location_ids', types: 'all', scan: 'partition-summary' },
  { name: 'count_locatable_events', types: 'all', scan: 'partition-summary' },
  { name: 'count_null_imsis', types: 'all', scan: 'partition-summary' },
  { name: 'count_null_imeis', types: 'all', scan: 'partition-summary' },
  { name: 'count_null_location_ids', types: 'all', scan: 'partition-summary' },
  { name: 'max_msisdns_per_imei', types: 'all', scan: 'msisdns-per-device' },
  { name: 'max_msisdns_per_imsi', types: 'all', scan: 'msisdns-per-device' },
  { name: 'earliest_timestamp', types: 'all', scan: 'partition-summary' },
  { name: 'latest_timestamp', types: 'all', scan: 'partition-summary' },
  { name: 'count_added_rows_outgoing', types: ['calls'], scan: 'calls-summary' },
  { name: 'count_null_counterparts', types: ['calls'], scan: 'calls-summary' },
  { name: 'count_null_durations', types: ['calls'], scan: 'calls-summary' },
  { name: 'count_onnet_msisdns', types: ['calls'], scan: 'calls-summary' },
  { name: 'count_onnet_msisdns_incoming', types: ['calls'], scan: 'calls-summary' },
  { name: 'count_onnet_msisdns_outgoing', types: ['calls'], scan: 'calls-summary' },
  { name: 'max_duration', types: ['calls'], scan: 'calls-summary' },
  { name: 'median_duration', types: ['calls'], scan: 'calls-summary' },
];

/** The checks that apply to a type. */
export function qaChecksFor(type: CdrType): QaCheck[] {
  return QA_CHECKS.filter((c) => c.types === 'all' || c.types.includes(type));
}
