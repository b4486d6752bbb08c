import type { EtlState } from '../../domain/etl-state.js';
import type { EtlRecordRow } from './monitor-queries.js';

/** One attempt at a day: a `pending` row and what followed it, or an operator's `dropped` on its own. */
export interface Attempt {
  startedAt: Date;
  /** Latest state of the attempt. */
  state: EtlState;
  finishedAt?: Date;
  /** pending → ingesting. */
  queuedSeconds?: number;
  /** ingesting → final state. */
  runSeconds?: number;
  rowCount: number | null;
  rowsPerSecond?: number;
  fileName: string | null;
  fileSha256: string | null;
  message: string | null;
  jobId: string | null;
}

const seconds = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

/** Groups a day's history (oldest first) into attempts, oldest first. */
export function groupAttempts(records: readonly EtlRecordRow[]): Attempt[] {
  const attempts: Attempt[] = [];
  let current: Attempt | undefined;
  let ingestingAt: Date | undefined;
  for (const r of records) {
    if (r.state === 'pending' || current === undefined || (r.state === 'dropped' && current.state !== 'pending')) {
      current = {
        startedAt: r.timestamp,
        state: r.state,
        rowCount: r.rowCount,
        fileName: r.fileName,
        fileSha256: r.fileSha256,
        message: r.message,
        jobId: r.jobId,
      };
      if (r.state !== 'pending') current.finishedAt = r.timestamp;
      ingestingAt = r.state === 'ingesting' ? r.timestamp : undefined;
      attempts.push(current);
      continue;
    }
    if (r.state === 'ingesting') {
      ingestingAt = r.timestamp;
      current.queuedSeconds = seconds(current.startedAt, r.timestamp);
    } else {
      current.finishedAt = r.timestamp;
      if (ingestingAt) current.runSeconds = seconds(ingestingAt, r.timestamp);
    }
    current.state = r.state;
    current.rowCount = r.rowCount ?? current.rowCount;
    current.fileName = r.fileName ?? current.fileName;
    current.fileSha256 = r.fileSha256 ?? current.fileSha256;
    current.message = r.message ?? current.message;
    current.jobId = r.jobId ?? current.jobId;
    if (r.state === 'ingested' && current.runSeconds !== undefined && current.runSeconds > 0 && current.rowCount !== null) {
      current.rowsPerSecond = current.rowCount / current.runSeconds;
    }
  }
  return attempts;
}
