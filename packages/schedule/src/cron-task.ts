import { nextCronRun } from './next-cron-run.js';

/** setTimeout cannot wait longer than 2^31-1 ms; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export interface CronTaskOptions<T> {
  /** 5-field cron schedule, UTC (e.g. CRON_CLEANUP). Validated in the constructor. */
  schedule: string;
  now: () => Date;
  /** The work of one run; `isClosing()` turns true once `close()` was called, so long loops can stop early. */
  run: (isClosing: () => boolean) => Promise<T>;
  /** Called with a run's failure; the task carries on at the next tick. */
  onError: (err: unknown) => void;
}

/**
 * Runs a task at start-up and on every tick of a cron schedule (the cleanup jobs of deployment.md §3). A run in
 * flight is shared, never doubled. `close()` stops the timer and waits for a run in flight; idempotent.
 */
export class CronTask<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T | undefined> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: CronTaskOptions<T>) {
    nextCronRun(o.schedule, o.now()); // fail fast on a bad schedule
  }

  start(): void {
    if (this.timer !== undefined || this.closing !== undefined) return;
    void this.runOnce();
    this.scheduleNext();
  }

  /** One run (shared if one is in flight). Never rejects: a failure goes to `onError` and resolves undefined. */
  runOnce(): Promise<T | undefined> {
    this.running ??= this.o
      .run(() => this.closing !== undefined)
      .catch((err: unknown) => {
        this.o.onError(err);
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      await this.running;
    })();
    return this.closing;
  }

  private scheduleNext(): void {
    if (this.closing !== undefined) return;
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
