import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '@flowdeck/log';
import { EngineKeys } from '../keys.js';
import type { RunOutcome } from '../jobs/run-query.js';

export interface QueryWorkerOptions {
  /** ioredis options; BullMQ workers need `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions;
  /** REDIS_KEY_PREFIX. */
  prefix: string;
  /** WORKER_CAPACITY: jobs run concurrently. */
  concurrency: number;
  /** QUEUE_RESULT_RETENTION_PERIOD_SECONDS: age after which finished jobs are removed. */
  retentionSeconds: number;
  /**
   * BullMQ lock duration (and stalled-job check interval), ms: how soon the job of a killed worker goes back to
   * waiting. Default 30 000 (BullMQ's).
   */
  lockDurationMs?: number;
  /** Runs one job's query (jobs/run-query.ts). */
  run: (queryId: string) => Promise<RunOutcome>;
  log: Logger;
}

/**
 * The BullMQ consumer of the query queue: each job `{queryId}` runs that query. Durable state lives in FlowDB, so a
 * job is only a wake-up call; BullMQ retries only when FlowDB was unreachable. `close()` waits for running jobs and
 * is idempotent.
 */
export class QueryWorker {
  private worker: Worker | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: QueryWorkerOptions) {}

  start(): void {
    if (this.worker !== undefined || this.closing !== undefined) return;
    this.worker = new Worker(EngineKeys.queryQueue, (job: Job) => this.process(job), {
      connection: this.o.connection,
      prefix: this.o.prefix,
      concurrency: this.o.concurrency,
      removeOnComplete: { age: this.o.retentionSeconds },
      removeOnFail: { age: this.o.retentionSeconds },
      lockDuration: this.o.lockDurationMs ?? 30_000,
      stalledInterval: this.o.lockDurationMs ?? 30_000,
    });
    this.worker.on('error', (err) => this.o.log.error({ err }, 'worker.error'));
    this.worker.on('failed', (job, err) => this.o.log.warn({ err, queryId: job?.id }, 'worker.job_failed'));
  }

  private async process(job: Job): Promise<RunOutcome> {
    const data = job.data as { queryId?: unknown } | undefined;
    const queryId = typeof data?.queryId === 'string' ? data.queryId : job.id;
    if (queryId === undefined) return 'unknown';
    return this.o.run(queryId);
  }

  /** Resolves when the worker's Redis connection is ready. */
  async waitUntilReady(): Promise<void> {
    await this.worker?.waitUntilReady();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.worker?.close();
    })();
    return this.closing;
  }
}
