import { closeSync, openSync, utimesSync } from 'node:fs';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { IngestJobData } from '../adapters/redis/ingest-queue.js';
import { EtlError } from '../errors.js';
import { runIngestJob, type IngestJobDeps, type IngestJobOutcome } from '../jobs/run-ingest-job.js';
import { EtlKeys } from '../keys.js';

export interface IngestWorkerOptions extends IngestJobDeps {
  connection: ConnectionOptions;
  prefix: string;
  /** WORKER_CAPACITY. */
  concurrency: number;
  /** WORKER_KEEPALIVE_TIMEOUT in ms: BullMQ lock length, so a killed worker's job is taken over after it. */
  leaseMs: number;
  /** WORKER_HEALTH_FILEPATH, touched every keepalive interval. */
  healthFilePath?: string;
}

/**
 * BullMQ worker of the ingest queue: runs `runIngestJob` for up to WORKER_CAPACITY jobs at once. Content problems
 * (quarantined), missing files and ingests over WORKER_MAX_RUN_DURATION_SECONDS end the job without retry
 * (UnrecoverableError); other failures are retried by
 * BullMQ (3 attempts, exponential backoff); a day another live worker is loading is retried later. A job whose
 * worker died (lock expired) is taken over by another worker after WORKER_KEEPALIVE_TIMEOUT.
 */
export class IngestWorker {
  private readonly worker: Worker<IngestJobData, IngestJobOutcome>;
  private readonly healthTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: IngestWorkerOptions) {
    this.worker = new Worker<IngestJobData, IngestJobOutcome>(EtlKeys.ingestQueue, (job) => this.process(job), {
      connection: o.connection,
      prefix: o.prefix,
      concurrency: o.concurrency,
      lockDuration: Math.max(1000, o.leaseMs),
      stalledInterval: Math.max(500, o.keepaliveMs),
      maxStalledCount: 3,
      autorun: false,
    });
    this.worker.on('error', (err) => o.log.error({ err }, 'ingest_worker.error'));
    this.worker.on('failed', (job, err) => o.log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, message: err.message }, 'ingest_worker.job_failed'));
    if (o.healthFilePath !== undefined) {
      this.touch();
      this.healthTimer = setInterval(() => this.touch(), o.keepaliveMs);
    }
  }

  private touch(): void {
    const path = this.o.healthFilePath;
    if (path === undefined) return;
    try {
      const t = new Date();
      closeSync(openSync(path, 'a'));
      utimesSync(path, t, t);
    } catch (err) {
      this.o.log.warn({ err, path }, 'health_file.touch_failed');
    }
  }

  private async process(job: Job<IngestJobData, IngestJobOutcome>): Promise<IngestJobOutcome> {
    try {
      return await runIngestJob(this.o, { id: job.id ?? `${job.name}`, data: job.data });
    } catch (err) {
      if (err instanceof EtlError && (err.code === 'CONTENT_REJECTED' || err.code === 'NO_SOURCE_FILE' || err.code === 'INGEST_TIMED_OUT')) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  start(): void {
    void this.worker.run().catch((err: unknown) => this.o.log.error({ err }, 'ingest_worker.run_failed'));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.healthTimer !== undefined) clearInterval(this.healthTimer);
      await this.worker.close();
    })();
    return this.closing;
  }
}
