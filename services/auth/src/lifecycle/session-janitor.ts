import type { Deps } from '../deps.js';
import { deleteStaleSessions } from '../adapters/postgres/sessions.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../http/session-cookies.js';

/** Default time between clean-up passes. */
export const SESSION_CLEANUP_INTERVAL_MS = 5 * 60_000;

/**
 * Deletes expired sessions (idle > 20 min or older than 12 h, auth.md §2) every `intervalMs`. Expired sessions are
 * already refused at use; this only keeps flowauth.sessions from growing. Passes never overlap; `close()` stops
 * the timer and waits for a running pass.
 */
export class SessionJanitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'log' | 'now' | 'metrics'>,
    private readonly intervalMs: number = SESSION_CLEANUP_INTERVAL_MS,
  ) {}

  start(): this {
    this.timer ??= setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** One pass; returns how many sessions were removed (0 when a pass is already running). */
  async runOnce(): Promise<number> {
    if (this.running) return 0;
    let removed = 0;
    this.running = (async () => {
      const now = this.deps.now().getTime();
      try {
        removed = await deleteStaleSessions(this.deps.db, { idleBefore: new Date(now - SESSION_IDLE_MS), createdBefore: new Date(now - SESSION_ABSOLUTE_MS) });
        if (removed > 0) this.deps.log.info({ removed }, 'sessions.cleaned');
        this.deps.metrics.countSessionsRemoved(removed);
      } catch (err) {
        this.deps.log.warn({ err }, 'sessions.cleanup_failed');
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
