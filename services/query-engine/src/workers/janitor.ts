import type { Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { IntervalTask } from '@flowdeck/schedule';
import type { CacheStore } from '../adapters/postgres/cache-store.js';
import type { QueryStateStore } from '../adapters/postgres/query-state-store.js';
import type { SqlLibrary } from '../adapters/postgres/sql-library.js';
import { ABANDONED_MESSAGE, maxRunDurationMessage } from '../domain/failure-message.js';
import type { EngineMetrics } from '../metrics.js';

/** Attempts after which an abandoned run is errored instead of re-queued (query-kinds.md §8). */
export const MAX_ATTEMPTS = 3;
const BATCH = 100;

export interface JanitorOptions {
  db: Knex;
  sql: SqlLibrary;
  states: QueryStateStore;
  cache: CacheStore;
  metrics: EngineMetrics;
  log: Logger;
  now: () => Date;
  /** Makes sure a live queue job exists for a queued query. */
  ensureJob: (queryId: string) => Promise<boolean>;
  /** WORKER_KEEPALIVE_INTERVAL: seconds between passes. */
  intervalSeconds: number;
  /** WORKER_MAX_RUN_DURATION_SECONDS (0 = no limit). */
  maxRunSeconds: number;
  /** RUN_GRACE_PERIOD_SECONDS. */
  gracePeriodSeconds: number;
}

/** What one pass did. */
export interface JanitorReport {
  requeued: string[];
  abandoned: string[];
  overdue: string[];
  resetsFinished: string[];
  reEnqueued: string[];
}

/**
 * Gives every state an exit (query-kinds.md §8): at start-up and every keepalive interval, in every replica, it
 * re-queues (or errors after 3 attempts) executing rows whose lease expired, errors runs over the maximum duration
 * (cancelling their statement), finishes resets nobody holds, and re-enqueues queued rows that have no queue job.
 * Work is claimed with FOR UPDATE SKIP LOCKED. `close()` stops the timer and waits for a pass in flight; idempotent.
 */
export class Janitor {
  /** When the last pass finished (for /health). */
  lastPassAt: Date | undefined;
  private readonly task: IntervalTask<JanitorReport>;

  constructor(private readonly o: JanitorOptions) {
    this.task = new IntervalTask({
      intervalMs: o.intervalSeconds * 1000,
      runAtStart: true,
      run: async () => {
        const report = await this.pass();
        this.lastPassAt = this.o.now();
        return report;
      },
      onError: (err) => this.o.log.error({ err }, 'janitor.pass_failed'),
    });
  }

  /** Runs a first pass now, then one every interval. */
  start(): void {
    this.task.start();
  }

  /** One pass (shared if one is in flight). Never rejects: a failing pass is logged and retried next interval. */
  runOnce(): Promise<JanitorReport | undefined> {
    return this.task.runOnce();
  }

  private async pass(): Promise<JanitorReport> {
    const report: JanitorReport = { requeued: [], abandoned: [], overdue: [], resetsFinished: [], reEnqueued: [] };
    await this.expireLeases(report);
    await this.stopOverdueRuns(report);
    await this.finishResets(report);
    await this.redispatchQueued(report);
    const moved = report.requeued.length + report.abandoned.length + report.overdue.length + report.resetsFinished.length + report.reEnqueued.length;
    if (moved > 0) this.o.log.info({ ...report }, 'janitor.pass');
    return report;
  }

  private async expireLeases(report: JanitorReport): Promise<void> {
    const { db, sql, states, cache, now, log } = this.o;
    await db.transaction(async (trx) => {
      const res = (await sql.raw(trx as unknown as Knex, 'claim-expired-executing', { now: now().toISOString(), limit: BATCH })) as {
        rows: { query_id: string; attempts: number }[];
      };
      for (const r of res.rows) {
        // A stalled worker may still be computing: stop its statement so the node is not written twice.
        await cache.cancelNodeBackend(trx, r.query_id);
        if (r.attempts < MAX_ATTEMPTS) {
          if (await states.requeue(trx, r.query_id, { owner: null, uncountAttempt: false, now: now() })) {
            report.requeued.push(r.query_id);
            log.warn({ queryId: r.query_id, attempts: r.attempts }, 'janitor.requeued_expired_lease');
          }
        } else if (await states.markErrored(trx, r.query_id, { from: 'executing', owner: null, message: ABANDONED_MESSAGE, now: now() })) {
          report.abandoned.push(r.query_id);
          log.warn({ queryId: r.query_id, attempts: r.attempts }, 'janitor.abandoned');
        }
      }
    });
  }

  private async stopOverdueRuns(report: JanitorReport): Promise<void> {
    const { db, sql, states, cache, now, log, maxRunSeconds, gracePeriodSeconds } = this.o;
    if (maxRunSeconds <= 0) return;
    const startedBefore = new Date(now().getTime() - (maxRunSeconds + gracePeriodSeconds) * 1000);
    await db.transaction(async (trx) => {
      const res = (await sql.raw(trx as unknown as Knex, 'claim-overdue-executing', {
        startedBefore: startedBefore.toISOString(),
        limit: BATCH,
      })) as { rows: { query_id: string }[] };
      for (const r of res.rows) {
        await cache.cancelNodeBackend(trx, r.query_id);
        const message = maxRunDurationMessage(maxRunSeconds);
        if (await states.markErrored(trx, r.query_id, { from: 'executing', owner: null, message, now: now() })) {
          report.overdue.push(r.query_id);
          log.warn({ queryId: r.query_id }, 'janitor.run_duration_exceeded');
        }
      }
    });
  }

  private async finishResets(report: JanitorReport): Promise<void> {
    const { db, sql, states, cache, now, metrics } = this.o;
    const toEnqueue: string[] = [];
    await db.transaction(async (trx) => {
      const res = (await sql.raw(trx as unknown as Knex, 'claim-expired-resetting', { now: now().toISOString(), limit: BATCH })) as {
        rows: { query_id: string }[];
      };
      for (const r of res.rows) {
        const hadEntry = await cache.hasEntry(trx, r.query_id);
        await cache.dropEntry(trx, r.query_id);
        const done = await states.finishResetting(trx, r.query_id, now());
        if (done === undefined) continue;
        if (hadEntry) metrics.cacheEvictions.inc({ reason: 'invalidated' });
        report.resetsFinished.push(r.query_id);
        if (done.requeueAfterReset && (await states.markQueued(trx, r.query_id, now()))) toEnqueue.push(r.query_id);
      }
    });
    for (const id of toEnqueue) await this.o.ensureJob(id);
  }

  private async redispatchQueued(report: JanitorReport): Promise<void> {
    const { db } = this.o;
    // Rows re-queued above were committed first, so they are seen here and get their job.
    const rows = (await db('cache.queries').where({ state: 'queued' }).orderBy('updated_at').limit(1000).select('query_id')) as {
      query_id: string;
    }[];
    for (const r of rows) {
      if (await this.o.ensureJob(r.query_id)) report.reEnqueued.push(r.query_id);
    }
  }

  close(): Promise<void> {
    return this.task.close();
  }
}
