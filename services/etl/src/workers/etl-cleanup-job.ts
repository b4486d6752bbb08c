import type { Logger } from '@flowdeck/log';
import type { IngestQueue } from '../adapters/redis/ingest-queue.js';
import { CronTask } from '@flowdeck/schedule';

/** Jobs removed per BullMQ `clean` call. */
const BATCH = 1000;

export interface EtlCleanupJobOptions {
  queue: IngestQueue;
  log: Logger;
  now: () => Date;
  /** CRON_CLEANUP (5-field cron, UTC). */
  schedule: string;
  /** HISTORY_TIMEOUT in hours. */
  historyTimeoutHours: number;
}

export interface EtlCleanupReport {
  /** Completed and failed ingest jobs removed from Redis. */
  deletedJobs: number;
}

/**
 * The ETL's cleanup job (spec/deployment.md §3): at start-up and on every CRON_CLEANUP tick it removes finished
 * (completed or failed) BullMQ ingest jobs that finished more than HISTORY_TIMEOUT hours ago. It never touches
 * etl.etl_records (the ingest history is permanent) nor waiting, delayed or active jobs. The scheduling mirrors the
 * query engine's CleanupJob. `close()` stops the timer and waits for a run in flight; idempotent.
 */
export class EtlCleanupJob {
  private readonly task: CronTask<EtlCleanupReport>;

  constructor(private readonly o: EtlCleanupJobOptions) {
    this.task = new CronTask({
      schedule: o.schedule,
      now: o.now,
      run: (isClosing) => this.run(isClosing),
      onError: (err) => o.log.error({ err }, 'etl_cleanup.failed'),
    });
  }

  start(): void {
    this.task.start();
  }

  /** One run (shared if one is in flight). Never rejects: a failure is logged and retried at the next tick. */
  runOnce(): Promise<EtlCleanupReport | undefined> {
    return this.task.runOnce();
  }

  close(): Promise<void> {
    return this.task.close();
  }

  private async run(isClosing: () => boolean): Promise<EtlCleanupReport> {
    const graceMs = this.o.historyTimeoutHours * 3600 * 1000;
    let deletedJobs = 0;
    for (const state of ['completed', 'failed'] as const) {
      for (;;) {
        const removed = await this.o.queue.clean(graceMs, BATCH, state);
        deletedJobs += removed.length;
        if (removed.length < BATCH || isClosing()) break;
      }
    }
    const report = { deletedJobs };
    this.o.log.info({ ...report, historyTimeoutHours: this.o.historyTimeoutHours }, 'etl_cleanup.done');
    return report;
  }
}
