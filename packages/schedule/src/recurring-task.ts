/** What every recurring task runs and how it reports a failure. */
export interface RecurringTaskOptions<T> {
  /** The work of one run; `isClosing()` turns true once `close()` was called, so long loops can stop early. */
  run: (isClosing: () => boolean) => Promise<T>;
  /** Called with a run's failure; the task carries on at the next tick. */
  onError: (err: unknown) => void;
}

/**
 * The part shared by the cron and interval tasks: a run in flight is shared, never doubled; a failing run goes to
 * `onError` and resolves undefined; `close()` disarms the timer and waits for a run in flight, and is idempotent.
 * Subclasses decide when runs happen (`arm`) and how to stop that (`disarm`).
 */
export abstract class RecurringTask<T> {
  private running: Promise<T | undefined> | undefined;
  private closing: Promise<void> | undefined;
  private started = false;

  constructor(private readonly base: RecurringTaskOptions<T>) {}

  /** Starts the schedule; a second call, or a call after `close()`, does nothing. */
  start(): void {
    if (this.started || this.closing !== undefined) return;
    this.started = true;
    this.arm();
  }

  /** One run (shared if one is in flight). Never rejects. */
  runOnce(): Promise<T | undefined> {
    this.running ??= this.base
      .run(() => this.isClosing())
      .catch((err: unknown) => {
        this.base.onError(err);
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * A run that starts after the run in flight, if any: for callers who know that something changed after that run
   * may already have read it.
   */
  async runFresh(): Promise<T | undefined> {
    if (this.closing !== undefined) return undefined;
    if (this.running !== undefined) await this.running;
    return this.runOnce();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.disarm();
      await this.running;
    })();
    return this.closing;
  }

  protected isClosing(): boolean {
    return this.closing !== undefined;
  }

  protected abstract arm(): void;
  protected abstract disarm(): void;
}
