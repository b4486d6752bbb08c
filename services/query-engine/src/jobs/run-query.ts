import { isConnectionError, type Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import type { CacheStore } from '../adapters/postgres/cache-store.js';
import type { QueryRow, QueryStateStore } from '../adapters/postgres/query-state-store.js';
import { DEPENDENCY_FAILED_MESSAGE, failureMessage } from '../domain/failure-message.js';
import { cacheTable, tempTable } from '../domain/names.js';
import { postOrder, type PlanNode } from '../domain/plan-node.js';
import { PlanError, planInternalNode, planQuery } from '../domain/plan-query.js';
import { runProgress } from '../domain/progress.js';
import type { EngineMetrics } from '../metrics.js';
import type { CacheEvictor } from '../workers/cache-evictor.js';
import type { LeaseKeeper } from '../workers/lease-keeper.js';

export interface RunQueryDeps {
  /** Pool of DB_CONNECTION_POOL_SIZE connections that run node SQL. */
  queryDb: Knex;
  /** Pool of DB_CONNECTION_POOL_OVERFLOW connections for state, leases and the janitor. */
  stateDb: Knex;
  states: QueryStateStore;
  cache: CacheStore;
  evictor: CacheEvictor;
  leases: LeaseKeeper;
  metrics: EngineMetrics;
  log: Logger;
  now: () => Date;
  /** Re-dispatches a query (after a re-queue caused by a date change). */
  enqueue: (queryId: string) => Promise<unknown>;
  owner: string;
  settings: {
    redactionThreshold: number;
    /** WORKER_MAX_RUN_DURATION_SECONDS (statement_timeout per node; 0 = none). */
    maxRunSeconds: number;
    /** FLOWMACHINE_SERVER_DISABLE_DEPENDENCY_CACHING. */
    disableDependencyCaching: boolean;
    /** Delay between checks while waiting for a node another worker computes, ms. */
    waitPollMs?: number;
  };
}

export type RunOutcome = 'completed' | 'errored' | 'cancelled' | 'requeued' | 'lost' | 'skipped' | 'unknown';

/** Control signals inside a run. */
class RunStopped extends Error {
  constructor(readonly reason: 'cancelled' | 'lost' | 'dates_changed' | 'dependency_failed') {
    super(reason);
  }
}

interface RunContext {
  root: PlanNode;
  cancelRequested: boolean;
  lost: boolean;
  /** Node whose SQL is running now (cancelled through its backend). */
  computing: string | undefined;
  ingestEpoch: string;
}

/**
 * Runs the query (or internal node) `queryId` of a job: takes it (queued → executing, leased), makes sure every
 * dependency node is completed (computing missing ones, each under its own lease), writes its table, and moves it
 * to completed, errored, cancelled or back to queued. Returns what happened; throws only when a dependency
 * (FlowDB) is down, so that BullMQ retries the job.
 */
export async function runQuery(deps: RunQueryDeps, queryId: string): Promise<RunOutcome> {
  const { states, stateDb, log, now } = deps;
  const row = await states.get(stateDb, queryId);
  if (row === undefined) {
    log.warn({ queryId }, 'query.unknown');
    return 'unknown';
  }
  if (row.state !== 'queued') {
    if (row.state === 'completed') deps.metrics.cacheHits.inc();
    log.debug({ queryId, state: row.state }, 'query.not_queued');
    return 'skipped';
  }
  const kind = row.query_kind ?? 'unknown';
  let root: PlanNode;
  try {
    root = planOf(deps, row);
  } catch (err) {
    if (!(err instanceof PlanError) && !(err instanceof TypeError)) throw err;
    await states.markErrored(stateDb, queryId, { from: 'queued', owner: null, message: err.message, now: now() });
    deps.metrics.queriesTotal.inc({ query_kind: kind, outcome: 'errored' });
    return 'errored';
  }

  const ingestEpoch = await deps.cache.ingestEpoch(stateDb);
  const took = await states.markExecuting(stateDb, queryId, {
    owner: deps.owner,
    leaseExpiresAt: deps.leases.leaseExpiresAt(),
    now: now(),
    ingestEpoch,
  });
  if (!took) return 'skipped';
  log.info({ queryId, queryKind: kind }, 'query.executing');

  const ctx: RunContext = { root, cancelRequested: false, lost: false, computing: undefined, ingestEpoch };
  deps.leases.hold(queryId, {
    onCancelRequested: () => {
      ctx.cancelRequested = true;
      if (ctx.computing !== undefined) void cancelBackend(deps, ctx.computing);
    },
    onLost: () => {
      ctx.lost = true;
      if (ctx.computing !== undefined) void cancelBackend(deps, ctx.computing);
    },
  });
  const started = Date.now();
  try {
    const outcome = await execute(deps, ctx);
    deps.metrics.queriesTotal.inc({ query_kind: kind, outcome });
    deps.metrics.queryDuration.observe({ query_kind: kind }, (Date.now() - started) / 1000);
    return outcome;
  } finally {
    deps.leases.release(queryId);
  }
}

function planOf(deps: RunQueryDeps, row: QueryRow): PlanNode {
  if (row.canonical === null) throw new PlanError('The query has no stored specification.');
  const tableOf = deps.settings.disableDependencyCaching ? tempTable : cacheTable;
  const opts = { redactionThreshold: deps.settings.redactionThreshold, tableOf };
  if (row.top_level) return planQuery(row.query_id, row.canonical, opts);
  return planInternalNode(String(row.query_kind), row.canonical, opts);
}

async function cancelBackend(deps: RunQueryDeps, nodeId: string): Promise<void> {
  try {
    await deps.cache.cancelNodeBackend(deps.stateDb, nodeId);
  } catch (err) {
    deps.log.warn({ err, queryId: nodeId }, 'query.cancel_backend_failed');
  }
}

async function execute(deps: RunQueryDeps, ctx: RunContext): Promise<RunOutcome> {
  const { root } = ctx;
  const { states, stateDb } = deps;
  try {
    if (deps.settings.disableDependencyCaching) {
      await states.setProgress(stateDb, root.id, { eligible: 1, queued: 0, running: 1 });
      await computeNode(deps, ctx, root, { withTempChildren: true });
    } else {
      const graph = postOrder(root);
      for (const node of graph) {
        if (node === root) break;
        await ensureDependency(deps, ctx, node, graph);
      }
      await updateProgress(deps, ctx, graph);
      await computeNode(deps, ctx, root, { withTempChildren: false });
    }
    deps.log.info({ queryId: root.id }, 'query.completed');
    return 'completed';
  } catch (err) {
    return finishFailedRun(deps, ctx, err);
  } finally {
    ctx.computing = undefined;
  }
}

async function finishFailedRun(deps: RunQueryDeps, ctx: RunContext, err: unknown): Promise<RunOutcome> {
  const { states, stateDb, now, log } = deps;
  const id = ctx.root.id;
  const owner = deps.owner;
  if (ctx.lost || (err instanceof RunStopped && err.reason === 'lost')) {
    log.warn({ queryId: id }, 'query.lease_lost');
    return 'lost';
  }
  if (ctx.cancelRequested || (err instanceof RunStopped && err.reason === 'cancelled')) {
    await states.markCancelled(stateDb, id, { owner, now: now() });
    log.info({ queryId: id }, 'query.cancelled');
    return 'cancelled';
  }
  if (err instanceof RunStopped && err.reason === 'dates_changed') {
    await states.requeue(stateDb, id, { owner, uncountAttempt: true, now: now() });
    await deps.enqueue(id);
    log.info({ queryId: id }, 'query.requeued_dates_changed');
    return 'requeued';
  }
  if (isConnectionError(err)) throw err;
  const message =
    err instanceof RunStopped ? DEPENDENCY_FAILED_MESSAGE : err instanceof PlanError ? err.message : failureMessage(err, { maxRunSeconds: deps.settings.maxRunSeconds });
  if (!(err instanceof RunStopped)) log.error({ err, queryId: id }, 'query.failed');
  await states.markErrored(stateDb, id, { from: 'executing', owner, message, now: now() });
  return 'errored';
}

async function updateProgress(deps: RunQueryDeps, ctx: RunContext, graph: readonly PlanNode[]): Promise<void> {
  const ids = graph.map((n) => n.id);
  const stateMap = await deps.states.states(deps.stateDb, ids);
  stateMap.set(ctx.root.id, 'executing');
  await deps.states.setProgress(deps.stateDb, ctx.root.id, runProgress(stateMap, ids));
}

function checkStillWanted(ctx: RunContext): void {
  if (ctx.lost) throw new RunStopped('lost');
  if (ctx.cancelRequested) throw new RunStopped('cancelled');
}

/**
 * Makes an internal node completed: a cache hit, or computed here under its own lease, or waited for while another
 * worker computes it. A node that errored or was cancelled in an earlier run is reset and recomputed.
 */
async function ensureDependency(deps: RunQueryDeps, ctx: RunContext, node: PlanNode, graph: readonly PlanNode[]): Promise<void> {
  const { states, stateDb, now } = deps;
  await states.ensureNodeRow(stateDb, {
    queryId: node.id,
    queryKind: node.queryKind,
    canonical: node.spec,
    aggregationUnit: node.aggregationUnit,
  });
  for (;;) {
    checkStillWanted(ctx);
    const row = await states.get(stateDb, node.id);
    const state = row?.state;
    if (row === undefined) {
      // Deleted by the cleanup job since ensureNodeRow: create it again.
      await states.ensureNodeRow(stateDb, { queryId: node.id, queryKind: node.queryKind, canonical: node.spec, aggregationUnit: node.aggregationUnit });
      continue;
    }
    if (state === 'completed') {
      deps.metrics.cacheHits.inc();
      return;
    }
    if (state === 'known' || state === 'queued') {
      await updateProgress(deps, ctx, graph);
      const took = await stateDb.transaction(async (trx) => {
        if (state === 'known') await states.markQueued(trx, node.id, now());
        return states.markExecuting(trx, node.id, {
          owner: deps.owner,
          leaseExpiresAt: deps.leases.leaseExpiresAt(),
          now: now(),
          ingestEpoch: ctx.ingestEpoch,
        });
      });
      if (!took) continue;
      deps.leases.hold(node.id, { onLost: () => void cancelBackend(deps, node.id) });
      try {
        await computeNode(deps, ctx, node, { withTempChildren: false });
      } catch (err) {
        await settleFailedDependency(deps, ctx, node, err);
        throw err;
      } finally {
        deps.leases.release(node.id);
      }
      return;
    }
    if (state === 'errored' || state === 'cancelled') {
      const reset = await stateDb.transaction(async (trx) => {
        const won = await states.markResetting(trx, node.id, {
          from: state,
          owner: deps.owner,
          leaseExpiresAt: deps.leases.leaseExpiresAt(),
          now: now(),
        });
        if (!won) return false;
        await deps.cache.dropEntry(trx, node.id);
        await states.finishResetting(trx, node.id, now());
        return true;
      });
      if (!reset) continue;
      continue;
    }
    // executing elsewhere, or resetting: wait for the other worker (or the janitor) to move it on.
    await new Promise((r) => setTimeout(r, deps.settings.waitPollMs ?? 500));
  }
}

/** An internal node's failure: the node itself goes to errored/cancelled/queued according to why the run stopped. */
async function settleFailedDependency(deps: RunQueryDeps, ctx: RunContext, node: PlanNode, err: unknown): Promise<void> {
  const { states, stateDb, now } = deps;
  const owner = deps.owner;
  if (ctx.lost) {
    await states.requeue(stateDb, node.id, { owner, uncountAttempt: true, now: now() });
  } else if (ctx.cancelRequested) {
    await states.markCancelled(stateDb, node.id, { owner, now: now() });
  } else if (err instanceof RunStopped && err.reason === 'dates_changed') {
    await states.requeue(stateDb, node.id, { owner, uncountAttempt: true, now: now() });
  } else if (!isConnectionError(err)) {
    const message = failureMessage(err, { maxRunSeconds: deps.settings.maxRunSeconds });
    await states.markErrored(stateDb, node.id, { from: 'executing', owner, message, now: now() });
  }
}

/**
 * Computes one node in one transaction: statement timeout, CREATE TABLE AS, size, cache records, grant (exposed),
 * eviction under `cache-evict`, and `finish`. With `withTempChildren` (dependency caching disabled) the children are
 * first computed into session-local tables of the same transaction and dropped at its end.
 */
async function computeNode(deps: RunQueryDeps, ctx: RunContext, node: PlanNode, o: { withTempChildren: boolean }): Promise<void> {
  const { cache, states, now } = deps;
  checkStillWanted(ctx);
  ctx.computing = node.id;
  const graph = postOrder(node);
  await deps.queryDb.transaction(async (trx) => {
    await cache.setNodeSession(trx, node.id, deps.settings.maxRunSeconds);
    const started = Date.now();
    if (o.withTempChildren) {
      for (const child of graph) if (child !== node) await cache.createTableAs(trx, tempTable(child.id), child.select);
    }
    await cache.createTableAs(trx, cacheTable(node.id), node.select);
    const computeTimeMs = Date.now() - started;
    if (o.withTempChildren) {
      for (const child of graph) if (child !== node) await trx.raw('DROP TABLE IF EXISTS ??', [tempTable(child.id)]);
    }
    checkStillWanted(ctx);
    if (await cache.datesChangedSince(trx, ctx.ingestEpoch, node.dateDependencies)) throw new RunStopped('dates_changed');
    // Lock order `cache-evict` → cache.cache_usage row (its trigger fires on the insert below), as every writer of
    // the usage row that also evicts takes them (migration 0008); the lock is re-entrant for evictWithin.
    await cache.lockEviction(trx);
    await cache.recordCached(trx, {
      queryId: node.id,
      nodeType: node.nodeType,
      spec: node.spec,
      queryText: cache.selectText(deps.queryDb, node.select),
      computeTimeMs,
      exposed: node.topLevel,
      ingestEpoch: ctx.ingestEpoch,
      dependsOn: o.withTempChildren ? [] : node.children.map((c) => c.id),
      dateDependencies: node.dateDependencies,
      now: now(),
    });
    if (node.topLevel) await cache.grantExposed(trx, node.id);
    await deps.evictor.evictWithin(trx, graph.map((n) => n.id));
    const finished = await states.markCompleted(trx, node.id, { owner: deps.owner, now: now() });
    if (!finished) throw new RunStopped(ctx.cancelRequested ? 'cancelled' : 'lost');
  });
  deps.metrics.cacheMisses.inc();
  ctx.computing = undefined;
}
