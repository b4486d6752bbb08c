import { nextCronRun } from './next-cron-run.js';
import { RecurringTask, type RecurringTaskOptions } from './recurring-task.js';

/** setTimeout cannot wait longer than 2^31-1 ms; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export interface CronTaskOptions<T> extends RecurringTaskOptions<T> {
  /** 5-field cron schedule, UTC (e.g. CRON_CLEANUP). Validated in the constructor. */
  schedule: string;
  now: () => Date;
}

/** Runs a task at start-up and on every tick of a cron schedule (the cleanup jobs of deployment.md §3). */
export class CronTask<T> extends RecurringTask<T> {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: CronTaskOptions<T>) {
    super(o);
    nextCronRun(o.schedule, o.now()); // fail fast on a bad schedule
  }

  protected arm(): void {
    void this.runOnce();
    this.scheduleNext();
  }

  protected disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleNext(): void {
    if (this.isClosing()) return;
    const wait = Math.max(0, nextCronRun(this.o.schedule, this.o.now()).getTime() - this.o.now().getTime());
    this.timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) {
          this.scheduleNext();
          return;
        }
        void this.runOnce().finally(() => this.scheduleNext());
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }
}
