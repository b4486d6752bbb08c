import { RecurringTask, type RecurringTaskOptions } from './recurring-task.js';

export interface IntervalTaskOptions<T> extends RecurringTaskOptions<T> {
  /** Time between runs (a keepalive or pruning interval). */
  intervalMs: number;
  /** Whether `start()` runs once at once, before the first interval elapses. */
  runAtStart: boolean;
}

/**
 * Runs a task every `intervalMs` (and at start-up when asked): the janitors, the lease keeper and the cache shrinker.
 * A run still in flight when the next tick comes is shared, so runs never overlap.
 */
export class IntervalTask<T> extends RecurringTask<T> {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: IntervalTaskOptions<T>) {
    super(o);
    if (!(o.intervalMs > 0)) throw new TypeError(`intervalMs must be positive, got ${o.intervalMs}`);
  }

  protected arm(): void {
    if (this.o.runAtStart) void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.o.intervalMs);
  }

  protected disarm(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
