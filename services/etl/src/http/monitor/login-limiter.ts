export interface LoginLimiterOptions {
  /** Failed sign-ins allowed per source address per window. */
  maxFailuresPerSource: number;
  /** Failed sign-ins allowed from all sources together per window. */
  maxFailuresTotal: number;
  windowSeconds: number;
  /** Epoch milliseconds. */
  now: () => number;
}

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * In-memory fixed-window limiter of failed monitor sign-ins, per source address and overall (one process; a
 * restart forgets it). A blocked source is refused even with the right password until its window ends.
 */
export class LoginLimiter {
  private readonly bySource = new Map<string, Window>();
  private total: Window = { startedAt: 0, failures: 0 };

  constructor(private readonly options: LoginLimiterOptions) {}

  private current(w: Window | undefined): Window | undefined {
    return w && this.options.now() - w.startedAt < this.options.windowSeconds * 1000 ? w : undefined;
  }

  private secondsLeft(w: Window): number {
    return Math.max(1, Math.ceil((w.startedAt + this.options.windowSeconds * 1000 - this.options.now()) / 1000));
  }

  /** Seconds to wait when `source` may not try now, else undefined. */
  retryAfter(source: string): number | undefined {
    const own = this.current(this.bySource.get(source));
    if (own && own.failures >= this.options.maxFailuresPerSource) return this.secondsLeft(own);
    const total = this.current(this.total);
    if (total && total.failures >= this.options.maxFailuresTotal) return this.secondsLeft(total);
    return undefined;
  }

  recordFailure(source: string): void {
    const now = this.options.now();
    this.prune();
    const own = this.current(this.bySource.get(source)) ?? { startedAt: now, failures: 0 };
    own.failures++;
    this.bySource.set(source, own);
    this.total = this.current(this.total) ?? { startedAt: now, failures: 0 };
    this.total.failures++;
  }

  recordSuccess(source: string): void {
    this.bySource.delete(source);
  }

  /** Forgets windows that ended, so the map cannot grow without bound. */
  private prune(): void {
    if (this.bySource.size < 1000) return;
    for (const [k, w] of this.bySource) if (!this.current(w)) this.bySource.delete(k);
  }
}
