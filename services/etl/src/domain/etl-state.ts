/** States of `etl.etl_records` (spec/flowdb.md §5). */
export const EtlState = {
  pending: 'pending',
  ingesting: 'ingesting',
  ingested: 'ingested',
  failed: 'failed',
  quarantined: 'quarantined',
  dropped: 'dropped',
} as const;
export type EtlState = (typeof EtlState)[keyof typeof EtlState];

/** Successors a new row may have, given the latest state (§5 table; the database trigger enforces the same). */
export const ALLOWED_NEXT: Record<EtlState | 'none', readonly EtlState[]> = {
  none: ['pending'],
  pending: ['ingesting', 'dropped'],
  ingesting: ['ingested', 'failed', 'quarantined'],
  ingested: ['pending', 'dropped'],
  failed: ['pending', 'dropped'],
  quarantined: ['pending', 'dropped'],
  dropped: ['pending'],
};

export function canTransition(latest: EtlState | undefined, next: EtlState): boolean {
  return ALLOWED_NEXT[latest ?? 'none'].includes(next);
}
