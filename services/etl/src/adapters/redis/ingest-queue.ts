import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { CdrType } from '../../domain/cdr-types.js';
import { EtlKeys, ingestJobId } from '../../keys.js';

/** Data of an ingest job: one (type, date), requested by the `pending` record `pendingId`. */
export interface IngestJobData {
  cdrType: CdrType;
  /** `YYYY-MM-DD`. */
  date: string;
  pendingId: number;
  /** File found by the scheduler (in FLOWDB_ETL_DIR); absent for operator requests (the worker finds it). */
  fileName?: string;
  fileSha256?: string;
}

export type IngestQueue = Queue<IngestJobData>;

/** Attempts of one job (spec/flowdb.md §5: transient errors are retried 3 times with backoff from 60 s). */
export const INGEST_ATTEMPTS = 3;

export function createIngestQueue(connection: ConnectionOptions, prefix: string): IngestQueue {
  return new Queue<IngestJobData>(EtlKeys.ingestQueue, { connection, prefix });
}

/**
 * Adds the job of a `pending` record; idempotent (the job id derives from the record id, so adding it twice keeps
 * one job). Retries back off exponentially from `backoffMs` (RETRY: FLOWETL_RETRY_BACKOFF_SECONDS, default 60 s).
 */
export async function enqueueIngest(
  queue: IngestQueue,
  data: IngestJobData,
  options: { backoffMs: number; retentionSeconds?: number },
): Promise<string> {
  const jobId = ingestJobId(data.cdrType, data.date, data.pendingId);
  const opts: JobsOptions = {
    jobId,
    attempts: INGEST_ATTEMPTS,
    backoff: { type: 'exponential', delay: options.backoffMs },
    removeOnComplete: { age: options.retentionSeconds ?? 86_400 },
    removeOnFail: { age: 14 * 86_400 },
  };
  await queue.add(EtlKeys.ingestJobName, data, opts);
  return jobId;
}
