import type { Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { CronTask, nextCronRun } from '@flowdeck/schedule';
import type { QueryStateStore } from '../adapters/postgres/query-state-store.js';

const BATCH = 1000;

export interface CleanupJobOptions {
  db: Knex;
  states: QueryStateStore;
  log: Logger;
  now: () => Date;
  /** CRON_CLEANUP (5-field cron, UTC). */
  schedule: string;
  /** HISTORY_TIMEOUT in hours. */
  historyTimeoutHours: number;
  /** Removes finished queue jobs older than the given age in seconds; returns how many. */
  cleanQueue: (olderThanSeconds: number) => Promise<number>;
}

export interface CleanupReport {
  deletedQueries: number;
  deletedJobs: number;
}

/** Next run after `from` for a cron schedule (UTC); throws TypeError for an invalid schedule. */
/** Next CRON_CLEANUP tick after `from` (UTC). */
export const nextCleanupAt = nextCronRun;

/**
 * The cleanup job (deployment.md §3): at start-up and on every CRON_CLEANUP tick it deletes terminal query records
 * (errored, cancelled, known) not changed for HISTORY_TIMEOUT hours, with their state history, and finished queue
 * jobs older than that. Never `completed` rows (they have a table), never etl.etl_records. Every replica runs it;
 * rows are claimed with SKIP LOCKED. `close()` stops the timer and waits for a run in flight; idempotent.
 */
export class CleanupJob {
  private readonly task: CronTask<CleanupReport>;

  constructor(private readonly o: CleanupJobOptions) {
    this.task = new CronTask({
      schedule: o.schedule,
      now: o.now,
      run: (isClosing) => this.run(isClosing),
      onError: (err) => o.log.error({ err }, 'cleanup.failed'),
    });
  }

  start(): void {
    this.task.start();
  }

  /** One run (shared if one is in flight). Never rejects: a failure is logged and retried at the next tick. */
  runOnce(): Promise<CleanupReport | undefined> {
    return this.task.runOnce();
  }

  close(): Promise<void> {
    return this.task.close();
  }

  private async run(isClosing: () => boolean): Promise<CleanupReport> {
    const { db, states, now, historyTimeoutHours } = this.o;
    const before = new Date(now().getTime() - historyTimeoutHours * 3600 * 1000);
    let deletedQueries = 0;
    for (;;) {
      const ids = await db.transaction((trx) => states.deleteTerminalBefore(trx, before, BATCH));
      deletedQueries += ids.length;
      if (ids.length < BATCH || isClosing()) break;
    }
    const deletedJobs = await this.o.cleanQueue(historyTimeoutHours * 3600);
    const report = { deletedQueries, deletedJobs };
    this.o.log.info({ ...report, before: before.toISOString() }, 'cleanup.done');
    return report;
  }
}
