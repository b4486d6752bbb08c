import { closeSync, openSync, utimesSync } from 'node:fs';
import type { Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { IntervalTask } from '@flowdeck/schedule';
import type { QueryStateStore } from '../adapters/postgres/query-state-store.js';

/** What a holder of a lease is told by the keeper. */
export interface LeaseHandlers {
  /** The api asked to cancel this query (cancel_requested_at is set). Called once. */
  onCancelRequested?: () => void;
  /** The lease is gone (the janitor re-queued the row, or it moved on). Called once; the holder must stop. */
  onLost?: () => void;
}

export interface LeaseKeeperOptions {
  db: Knex;
  states: QueryStateStore;
  log: Logger;
  now: () => Date;
  /** Lease owner id of this process. */
  owner: string;
  /** WORKER_KEEPALIVE_INTERVAL, seconds between renewals. */
  intervalSeconds: number;
  /** WORKER_KEEPALIVE_TIMEOUT, lease length in seconds. */
  timeoutSeconds: number;
  /** WORKER_HEALTH_FILEPATH: touched at every keepalive when set. */
  healthFilePath?: string;
}

/**
 * Renews the leases of every query this process holds (executing or resetting) every keepalive interval, reports
 * cancellation requests and lost leases to their holders, and touches the health file (query-kinds.md §8).
 * `close()` stops the timer and waits for a renewal in flight; it is idempotent.
 */
export class LeaseKeeper {
  private readonly held = new Map<string, LeaseHandlers & { cancelSignalled: boolean }>();
  private readonly task: IntervalTask<void>;

  constructor(private readonly o: LeaseKeeperOptions) {
    this.task = new IntervalTask({
      intervalMs: o.intervalSeconds * 1000,
      runAtStart: false,
      run: () => this.renew(),
      onError: (err) => this.o.log.error({ err }, 'lease.renew_pass_failed'),
    });
  }

  /** Lease expiry for a lease taken or renewed now. */
  leaseExpiresAt(): Date {
    return new Date(this.o.now().getTime() + this.o.timeoutSeconds * 1000);
  }

  hold(queryId: string, handlers: LeaseHandlers = {}): void {
    this.held.set(queryId, { ...handlers, cancelSignalled: false });
  }

  release(queryId: string): void {
    this.held.delete(queryId);
  }

  /** Whether this process holds the lease of `queryId`. */
  holds(queryId: string): boolean {
    return this.held.has(queryId);
  }

  /**
   * A renewal pass as soon as possible (a NOTIFY on flowdeck_query_state for a held id): after the pass in flight,
   * if any, since that one may have read the row before the change.
   */
  async tickSoon(): Promise<void> {
    await this.task.runFresh();
  }

  start(): void {
    this.touchHealthFile();
    this.task.start();
  }

  /** One renewal pass (also called by tests). */
  async tick(): Promise<void> {
    await this.task.runOnce();
  }

  private async renew(): Promise<void> {
    this.touchHealthFile();
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    let rows: Awaited<ReturnType<QueryStateStore['renewLeases']>>;
    try {
      rows = await this.o.states.renewLeases(this.o.db, ids, {
        owner: this.o.owner,
        leaseExpiresAt: this.leaseExpiresAt(),
        now: this.o.now(),
      });
    } catch (err) {
      // Decision: keep the holders running; if FlowDB stays away the leases expire and the janitor re-queues.
      this.o.log.warn({ err }, 'lease.renew_failed');
      return;
    }
    const kept = new Map(rows.map((r) => [r.queryId, r]));
    for (const id of ids) {
      const h = this.held.get(id);
      if (h === undefined) continue;
      const row = kept.get(id);
      if (row === undefined) {
        this.held.delete(id);
        this.o.log.warn({ queryId: id }, 'lease.lost');
        h.onLost?.();
      } else if (row.cancelRequested && !h.cancelSignalled) {
        h.cancelSignalled = true;
        h.onCancelRequested?.();
      }
    }
  }

  private touchHealthFile(): void {
    const path = this.o.healthFilePath;
    if (path === undefined) return;
    try {
      const t = this.o.now();
      closeSync(openSync(path, 'a'));
      utimesSync(path, t, t);
    } catch (err) {
      this.o.log.warn({ err, path }, 'health_file.touch_failed');
    }
  }

  close(): Promise<void> {
    return this.task.close();
  }
}
