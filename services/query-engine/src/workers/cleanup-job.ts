import { CronExpressionParser } from 'cron-parser';
import type { Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import type { QueryStateStore } from '../adapters/postgres/query-state-store.js';

const BATCH = 1000;
/** setTimeout cannot wait longer than 2^31-1 ms; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

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
export function nextCleanupAt(schedule: string, from: Date): Date {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: from, tz: 'UTC' }).next().toDate();
  } catch (err) {
    throw new TypeError(`Invalid CRON_CLEANUP schedule ${JSON.stringify(schedule)}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The cleanup job (deployment.md §3): at start-up and on every CRON_CLEANUP tick it deletes terminal query records
 * (errored, cancelled, known) not changed for HISTORY_TIMEOUT hours, with their state history, and finished queue
 * jobs older than that. Never `completed` rows (they have a table), never etl.etl_records. Every replica runs it;
 * rows are claimed with SKIP LOCKED. `close()` stops the timer and waits for a run in flight; idempotent.
 */
export class CleanupJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CleanupReport | undefined> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: CleanupJobOptions) {
    nextCleanupAt(o.schedule, o.now()); // fail fast on a bad schedule
  }

  start(): void {
    if (this.timer !== undefined || this.closing !== undefined) return;
    void this.runOnce();
    this.schedule();
  }

  private schedule(): void {
    if (this.closing !== undefined) return;
    const next = nextCleanupAt(this.o.schedule, this.o.now());
    const wait = Math.max(0, next.getTime() - this.o.now().getTime());
    this.timer = setTimeout(() => {
      if (wait > MAX_TIMER_MS) {
        this.schedule();
        return;
      }
      void this.runOnce().finally(() => this.schedule());
    }, Math.min(wait, MAX_TIMER_MS));
  }

  /** One run (shared if one is in flight). Never rejects: a failure is logged and retried at the next tick. */
  runOnce(): Promise<CleanupReport | undefined> {
    if (this.running !== undefined) return this.running;
    this.running = this.run()
      .catch((err: unknown) => {
        this.o.log.error({ err }, 'cleanup.failed');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async run(): Promise<CleanupReport> {
    const { db, states, now, historyTimeoutHours } = this.o;
    const before = new Date(now().getTime() - historyTimeoutHours * 3600 * 1000);
    let deletedQueries = 0;
    for (;;) {
      const ids = await db.transaction((trx) => states.deleteTerminalBefore(trx, before, BATCH));
      deletedQueries += ids.length;
      if (ids.length < BATCH || this.closing !== undefined) break;
    }
    const deletedJobs = await this.o.cleanQueue(historyTimeoutHours * 3600);
    const report = { deletedQueries, deletedJobs };
    this.o.log.info({ ...report, before: before.toISOString() }, 'cleanup.done');
    return report;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      if (this.running !== undefined) await this.running;
    })();
    return this.closing;
  }
}
