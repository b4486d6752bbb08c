import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'bullmq';
import { createKnex, type Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { CacheStore } from './adapters/postgres/cache-store.js';
import { QueryStateStore } from './adapters/postgres/query-state-store.js';
import { SqlLibrary } from './adapters/postgres/sql-library.js';
import { QueryQueue } from './adapters/redis/query-queue.js';
import { workerCapacity, type EngineConfig } from './config.js';
import { runQuery, type RunQueryDeps } from './jobs/run-query.js';
import { bullPrefix } from './keys.js';
import { EngineMetrics } from './metrics.js';
import { CacheEvictor } from './workers/cache-evictor.js';
import { CleanupJob } from './workers/cleanup-job.js';
import { Janitor } from './workers/janitor.js';
import { LeaseKeeper } from './workers/lease-keeper.js';
import { QueryWorker } from './workers/query-worker.js';
import { StateListener } from './workers/state-listener.js';

/** Everything the engine holds, created by `createDeps` and closed by `closeDeps` in reverse order. */
export interface Deps {
  config: EngineConfig;
  log: Logger;
  now: () => Date;
  owner: string;
  /** Connections running node SQL (DB_CONNECTION_POOL_SIZE). */
  queryDb: Knex;
  /** Bookkeeping connections (DB_CONNECTION_POOL_OVERFLOW). */
  stateDb: Knex;
  sql: SqlLibrary;
  states: QueryStateStore;
  cache: CacheStore;
  metrics: EngineMetrics;
  redisConnection: ConnectionOptions;
  queue: QueryQueue;
  leases: LeaseKeeper;
  evictor: CacheEvictor;
  janitor: Janitor;
  worker: QueryWorker;
  cleanup: CleanupJob;
  /** LISTEN flowdeck_query_state: prompt cancellation of held queries. */
  listener: StateListener;
  runDeps: RunQueryDeps;
}

export interface CreateDepsOptions {
  now?: () => Date;
  /** Lease owner id; default `<hostname>:<pid>:<random>`. */
  owner?: string;
  /** Register default process metrics (off in tests that build several engines). */
  defaultMetrics?: boolean;
}

function connectionOf(config: EngineConfig): Knex.PgConnectionConfig {
  return {
    host: config.FLOWDB_HOST,
    port: config.FLOWDB_PORT,
    user: config.FLOWMACHINE_FLOWDB_USER,
    password: config.FLOWMACHINE_FLOWDB_PASSWORD,
    database: config.FLOWDB_DATABASE,
    // flowdb.md §1: all date arithmetic is UTC.
    options: '-c TimeZone=UTC',
  } as Knex.PgConnectionConfig;
}

/** Builds the engine's dependencies. Opens no connection and starts no timer: see `startEngine` in main.ts. */
export function createDeps(config: EngineConfig, log: Logger, o: CreateDepsOptions = {}): Deps {
  const now = o.now ?? (() => new Date());
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const queryDb = createKnex({
    connection: connectionOf(config),
    pool: { min: 0, max: config.DB_CONNECTION_POOL_SIZE },
    applicationName: 'flowdeck-engine',
  });
  const stateDb = createKnex({
    connection: connectionOf(config),
    pool: { min: 0, max: config.DB_CONNECTION_POOL_OVERFLOW },
    applicationName: 'flowdeck-engine-state',
  });
  const sql = new SqlLibrary();
  const states = new QueryStateStore(sql, `janitor:${owner}`);
  const cache = new CacheStore(sql);
  const metrics = new EngineMetrics({ defaultMetrics: o.defaultMetrics });
  const redisConnection: ConnectionOptions = {
    host: config.REDIS_HOST,
    port: config.REDIS_PORT,
    password: config.REDIS_PASSWORD === '' ? undefined : config.REDIS_PASSWORD,
    maxRetriesPerRequest: null,
  };
  const prefix = bullPrefix(config.REDIS_KEY_PREFIX);
  const queue = new QueryQueue({ connection: redisConnection, prefix, retentionSeconds: config.QUEUE_RESULT_RETENTION_PERIOD_SECONDS });
  const leases = new LeaseKeeper({
    db: stateDb,
    states,
    log: log.child({ module: 'lease-keeper' }),
    now,
    owner,
    intervalSeconds: config.WORKER_KEEPALIVE_INTERVAL,
    timeoutSeconds: config.WORKER_KEEPALIVE_TIMEOUT,
    healthFilePath: config.WORKER_HEALTH_FILEPATH,
  });
  const evictor = new CacheEvictor({
    db: stateDb,
    cache,
    states,
    metrics,
    log: log.child({ module: 'cache-evictor' }),
    now,
    owner,
    leaseSeconds: config.WORKER_KEEPALIVE_TIMEOUT,
    pruningFrequencySeconds: config.FLOWMACHINE_CACHE_PRUNING_FREQUENCY,
    pruningTimeoutSeconds: config.FLOWMACHINE_CACHE_PRUNING_TIMEOUT,
  });
  const janitor = new Janitor({
    db: stateDb,
    sql,
    states,
    cache,
    metrics,
    log: log.child({ module: 'janitor' }),
    now,
    ensureJob: (id) => queue.ensureJob(id),
    intervalSeconds: config.WORKER_KEEPALIVE_INTERVAL,
    maxRunSeconds: config.WORKER_MAX_RUN_DURATION_SECONDS,
    gracePeriodSeconds: config.RUN_GRACE_PERIOD_SECONDS,
  });
  const runDeps: RunQueryDeps = {
    queryDb,
    stateDb,
    states,
    cache,
    evictor,
    leases,
    metrics,
    log: log.child({ module: 'run-query' }),
    now,
    enqueue: (id) => queue.ensureJob(id),
    owner,
    settings: {
      redactionThreshold: config.REDACTION_THRESHOLD,
      maxRunSeconds: config.WORKER_MAX_RUN_DURATION_SECONDS,
      disableDependencyCaching: config.FLOWMACHINE_SERVER_DISABLE_DEPENDENCY_CACHING,
    },
  };
  const worker = new QueryWorker({
    connection: redisConnection,
    prefix,
    concurrency: workerCapacity(config),
    retentionSeconds: config.QUEUE_RESULT_RETENTION_PERIOD_SECONDS,
    // A killed worker's job is back in waiting after about one lease length (capped at BullMQ's 30 s default).
    lockDurationMs: Math.round(Math.min(30_000, Math.max(1_000, config.WORKER_KEEPALIVE_TIMEOUT * 1000))),
    run: (id) => runQuery(runDeps, id),
    log: log.child({ module: 'worker' }),
  });
  const cleanup = new CleanupJob({
    db: stateDb,
    states,
    log: log.child({ module: 'cleanup' }),
    now,
    schedule: config.CRON_CLEANUP,
    historyTimeoutHours: config.HISTORY_TIMEOUT,
    cleanQueue: (age) => queue.cleanFinished(age),
  });
  const listener = new StateListener({
    connection: connectionOf(config) as never,
    log: log.child({ module: 'state-listener' }),
    onNotification: (queryId) => {
      if (leases.holds(queryId)) void leases.tickSoon().catch((err: unknown) => log.warn({ err, queryId }, 'lease.tick_failed'));
    },
  });
  return {
    config,
    log,
    now,
    owner,
    queryDb,
    stateDb,
    sql,
    states,
    cache,
    metrics,
    redisConnection,
    queue,
    leases,
    evictor,
    janitor,
    worker,
    cleanup,
    listener,
    runDeps,
  };
}

/**
 * Starts the background parts: lease keeper, state listener, janitor (first pass now), cache shrinker, cleanup job
 * (first run now, then on CRON_CLEANUP), then the queue worker.
 */
export function startBackground(deps: Deps): void {
  deps.leases.start();
  void deps.listener.start();
  deps.janitor.start();
  deps.evictor.start();
  deps.cleanup.start();
  deps.worker.start();
}

/**
 * Closes in reverse order of start: the worker (waits for running jobs), shrinker, janitor, lease keeper, queue,
 * then the pools. Every step runs even when an earlier one fails; the first failure is rethrown at the end.
 */
export async function closeDeps(deps: Deps): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['worker', () => deps.worker.close()],
    ['cleanup', () => deps.cleanup.close()],
    ['cache-evictor', () => deps.evictor.close()],
    ['janitor', () => deps.janitor.close()],
    ['lease-keeper', () => deps.leases.close()],
    ['state-listener', () => deps.listener.close()],
    ['queue', () => deps.queue.close()],
    ['queryDb', () => deps.queryDb.destroy()],
    ['stateDb', () => deps.stateDb.destroy()],
  ];
  let first: unknown;
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      deps.log.error({ err, step: name }, 'engine.close_step_failed');
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}
