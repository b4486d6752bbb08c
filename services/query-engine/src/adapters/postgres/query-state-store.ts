import type { Knex } from '@flowdeck/db';
import type { QueryState } from '@flowdeck/queries';
import type { Progress } from '../../domain/progress.js';
import type { SqlLibrary } from './sql-library.js';

/** A cache.queries row as the engine reads it. */
export interface QueryRow {
  query_id: string;
  query_kind: string | null;
  canonical: Record<string, unknown> | null;
  aggregation_unit: string | null;
  top_level: boolean;
  state: QueryState;
  message: string | null;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  cancel_requested_at: Date | null;
  requeue_after_reset: boolean;
  ingest_epoch: string | null;
  started_at: Date | null;
}

export interface NodeRowInput {
  queryId: string;
  queryKind: string;
  canonical: Record<string, unknown>;
  aggregationUnit: string;
}

/**
 * Durable query state in cache.queries (query-kinds.md §8). Every transition is one named compare-and-set that
 * answers whether the caller won and appends to cache.query_state_history (cache.record_transition, which also
 * NOTIFYs flowdeck_query_state). Each method takes the connection or transaction to run on.
 */
export class QueryStateStore {
  constructor(
    private readonly sql: SqlLibrary,
    /** Who appears as `actor` in the history for janitor-made transitions. */
    private readonly actor: string,
  ) {}

  private async won(db: Knex | Knex.Transaction, template: string, bindings: Record<string, unknown>): Promise<boolean> {
    const res = await this.sql.raw(db as Knex, template, bindings as never);
    return (res as { rows: unknown[] }).rows.length > 0;
  }

  async get(db: Knex | Knex.Transaction, queryId: string): Promise<QueryRow | undefined> {
    return (await db('cache.queries').where({ query_id: queryId }).first()) as QueryRow | undefined;
  }

  /** Creates an internal node's row as `known` when absent. */
  async ensureNodeRow(db: Knex | Knex.Transaction, n: NodeRowInput): Promise<void> {
    await this.sql.raw(db as Knex, 'ensure-node-row', {
      queryId: n.queryId,
      queryKind: n.queryKind,
      canonical: JSON.stringify(n.canonical),
      aggregationUnit: n.aggregationUnit,
      actor: this.actor,
    });
  }

  /** `queue`: known → queued. */
  markQueued(db: Knex | Knex.Transaction, queryId: string, now: Date): Promise<boolean> {
    return this.won(db, 'mark-queued', { queryId, now: now.toISOString(), actor: this.actor });
  }

  /** `execute`: queued → executing with a lease for `owner` until `leaseExpiresAt`. */
  markExecuting(
    db: Knex | Knex.Transaction,
    queryId: string,
    o: { owner: string; leaseExpiresAt: Date; now: Date; ingestEpoch: string },
  ): Promise<boolean> {
    return this.won(db, 'mark-executing', {
      queryId,
      owner: o.owner,
      leaseExpiresAt: o.leaseExpiresAt.toISOString(),
      now: o.now.toISOString(),
      ingestEpoch: o.ingestEpoch,
    });
  }

  /** `finish`: executing → completed, by the lease owner. */
  markCompleted(db: Knex | Knex.Transaction, queryId: string, o: { owner: string; now: Date }): Promise<boolean> {
    return this.won(db, 'mark-completed', { queryId, owner: o.owner, now: o.now.toISOString() });
  }

  /** `error`: executing (or queued) → errored with a user-safe message; `owner` null = the janitor. */
  markErrored(
    db: Knex | Knex.Transaction,
    queryId: string,
    o: { from: 'executing' | 'queued'; owner: string | null; message: string; now: Date },
  ): Promise<boolean> {
    return this.won(db, 'mark-errored', {
      queryId,
      from: o.from,
      owner: o.owner,
      message: o.message,
      now: o.now.toISOString(),
      actor: o.owner ?? this.actor,
    });
  }

  /** `cancel`: executing → cancelled, by the lease owner. */
  markCancelled(db: Knex | Knex.Transaction, queryId: string, o: { owner: string; now: Date }): Promise<boolean> {
    return this.won(db, 'mark-cancelled', { queryId, owner: o.owner, now: o.now.toISOString() });
  }

  /** `requeue`: executing → queued; `owner` null = the janitor (expired lease, the attempt stays counted). */
  requeue(
    db: Knex | Knex.Transaction,
    queryId: string,
    o: { owner: string | null; uncountAttempt: boolean; now: Date },
  ): Promise<boolean> {
    return this.won(db, 'requeue', {
      queryId,
      owner: o.owner,
      uncountAttempt: o.uncountAttempt,
      now: o.now.toISOString(),
      actor: o.owner ?? this.actor,
    });
  }

  /** `reset`: completed/errored/cancelled → resetting, leased to `owner`. */
  markResetting(
    db: Knex | Knex.Transaction,
    queryId: string,
    o: { from: 'completed' | 'errored' | 'cancelled'; owner: string; leaseExpiresAt: Date; now: Date },
  ): Promise<boolean> {
    return this.won(db, 'mark-resetting', {
      queryId,
      from: o.from,
      owner: o.owner,
      leaseExpiresAt: o.leaseExpiresAt.toISOString(),
      now: o.now.toISOString(),
      actor: o.owner,
    });
  }

  /** `finish_resetting`: resetting → known. Returns the row's flags when this caller won. */
  async finishResetting(
    db: Knex | Knex.Transaction,
    queryId: string,
    now: Date,
  ): Promise<{ requeueAfterReset: boolean; topLevel: boolean } | undefined> {
    const res = (await this.sql.raw(db as Knex, 'finish-resetting', { queryId, now: now.toISOString(), actor: this.actor })) as {
      rows: { requeue_after_reset: boolean; top_level: boolean }[];
    };
    const row = res.rows[0];
    return row === undefined ? undefined : { requeueAfterReset: row.requeue_after_reset, topLevel: row.top_level };
  }

  /** Heartbeat of the lease keeper; returns the rows still held, with whether a cancel was requested. */
  async renewLeases(
    db: Knex,
    queryIds: readonly string[],
    o: { owner: string; leaseExpiresAt: Date; now: Date },
  ): Promise<{ queryId: string; state: QueryState; cancelRequested: boolean }[]> {
    if (queryIds.length === 0) return [];
    const res = (await this.sql.raw(db, 'renew-leases', {
      queryIds: [...queryIds],
      owner: o.owner,
      leaseExpiresAt: o.leaseExpiresAt.toISOString(),
      now: o.now.toISOString(),
    })) as { rows: { query_id: string; state: QueryState; cancel_requested: boolean }[] };
    return res.rows.map((r) => ({ queryId: r.query_id, state: r.state, cancelRequested: r.cancel_requested }));
  }

  /** Progress of a run, shown on the top-level row (query-kinds.md §8). */
  async setProgress(db: Knex | Knex.Transaction, queryId: string, p: Progress): Promise<void> {
    await db('cache.queries')
      .where({ query_id: queryId })
      .whereNot({ state: 'completed' })
      .update({ progress_eligible: p.eligible, progress_queued: p.queued, progress_running: p.running });
  }

  /**
   * Cleanup (deployment.md §3): deletes up to `limit` terminal records (errored, cancelled, known) last changed
   * before `before`, with their state history; never a row with a cache table. Returns the deleted ids.
   */
  async deleteTerminalBefore(db: Knex | Knex.Transaction, before: Date, limit: number): Promise<string[]> {
    const res = (await this.sql.raw(db as Knex, 'cleanup-history', { before: before.toISOString(), limit })) as {
      rows: { query_id: string }[];
    };
    return res.rows.map((r) => r.query_id);
  }

  /** Number of cache.queries rows by state (for `flowdeck_queries`). */
  async countByState(db: Knex | Knex.Transaction): Promise<Map<QueryState, number>> {
    const rows = (await db('cache.queries').select('state').count({ n: '*' }).groupBy('state')) as { state: QueryState; n: string | number }[];
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** States of several rows (missing ids are absent from the map). */
  async states(db: Knex | Knex.Transaction, queryIds: readonly string[]): Promise<Map<string, QueryState>> {
    if (queryIds.length === 0) return new Map();
    const rows = (await db('cache.queries').whereIn('query_id', [...queryIds]).select('query_id', 'state')) as {
      query_id: string;
      state: QueryState;
    }[];
    return new Map(rows.map((r) => [r.query_id, r.state]));
  }
}
