import type { EtlState } from './etl-state.js';

/** Failed attempts of one file (same sha256) after which the directory scan stops retrying it. */
export const MAX_FAILED_ATTEMPTS = 3;

export interface RecordSummary {
  state: EtlState;
  fileSha256: string | null;
}

export type IngestPlan = { action: 'ingest' } | { action: 'skip'; reason: string };

/**
 * Whether the directory scan should ingest a file, given the history of its (cdr_type, cdr_date), newest last:
 * the same content already ingested, quarantined or dropped is skipped, an attempt in progress is left alone, and
 * a file that failed `MAX_FAILED_ATTEMPTS` times is held for the operator. With `retryFailed: false` (the queue
 * scheduler, whose jobs retry themselves) a failed file is not requested again until its content changes.
 */
export function planIngest(history: readonly RecordSummary[], fileSha256: string, options: { retryFailed?: boolean } = {}): IngestPlan {
  const latest = history[history.length - 1];
  if (latest === undefined) return { action: 'ingest' };
  if (latest.state === 'ingesting') return { action: 'skip', reason: 'an ingest is in progress' };
  if (latest.fileSha256 === fileSha256) {
    if (latest.state === 'ingested') return { action: 'skip', reason: 'already ingested' };
    if (latest.state === 'quarantined') return { action: 'skip', reason: 'quarantined; release it to retry' };
    if (latest.state === 'dropped') return { action: 'skip', reason: 'dropped by the operator' };
    if (latest.state === 'failed' && options.retryFailed === false) {
      return { action: 'skip', reason: 'failed; its job retries it (or: flowdeck etl ingest)' };
    }
    if (latest.state === 'failed') {
      const failures = history.filter((r) => r.state === 'failed' && r.fileSha256 === fileSha256).length;
      if (failures >= MAX_FAILED_ATTEMPTS) return { action: 'skip', reason: `failed ${failures} times` };
    }
  }
  return { action: 'ingest' };
}
