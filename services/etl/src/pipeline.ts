import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@flowdeck/log';
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { loadOperatorQaChecks } from './adapters/fs/load-operator-qa-checks.js';
import { loadSourceDefinitions, type SourceDefinitions } from './adapters/fs/source-definitions.js';
import { createIngestQueue, type IngestQueue } from './adapters/redis/ingest-queue.js';
import { LeaseStore } from './adapters/redis/lease-store.js';
import type { EtlConfig } from './config.js';
import { EtlCleanupJob } from './workers/etl-cleanup-job.js';
import { EtlJanitor } from './workers/etl-janitor.js';
import { IngestScheduler } from './workers/ingest-scheduler.js';
import { IngestWorker } from './workers/ingest-worker.js';

/** The ingest pipeline of one ETL process, by FLOWETL_ROLE: scheduler and/or worker, and always the janitor. */
export interface Pipeline {
  definitions: SourceDefinitions;
  queue: IngestQueue;
  leases: LeaseStore;
  scheduler?: IngestScheduler;
  worker?: IngestWorker;
  janitor: EtlJanitor;
  /** Cleanup of finished queue jobs (roles all/scheduler). */
  cleanup?: EtlCleanupJob;
  start(): void;
  close(): Promise<void>;
}

/** BullMQ / ioredis connection options of ETL's Redis. */
export function etlRedisOptions(config: Pick<EtlConfig, 'FLOWETL_REDIS_HOST' | 'FLOWETL_REDIS_PORT' | 'FLOWETL_REDIS_PASSWORD'>): ConnectionOptions & { maxRetriesPerRequest: null } {
  return {
    host: config.FLOWETL_REDIS_HOST,
    port: config.FLOWETL_REDIS_PORT,
    password: config.FLOWETL_REDIS_PASSWORD === '' ? undefined : config.FLOWETL_REDIS_PASSWORD,
    maxRetriesPerRequest: null,
  };
}

/**
 * Builds the pipeline from the settings (throws SourceDefinitionError for a bad definition file); connects lazily.
 * `start()` starts the janitor, then the scheduler and the cleanup job (roles all/scheduler) and the worker (roles
 * all/worker). Throws TypeError for an invalid CRON_CLEANUP.
 */
export function createPipeline(config: EtlConfig, deps: { db: Knex; log: Logger; etlDir: string; now?: () => Date }): Pipeline {
  const definitions = loadSourceDefinitions(config.FLOWETL_CONFIG_DIR);
  const operatorQaChecks = loadOperatorQaChecks(config.FLOWETL_CONFIG_DIR);
  const connection = etlRedisOptions(config);
  const redis = new Redis(connection);
  const prefix = config.REDIS_KEY_PREFIX;
  const queue = createIngestQueue(connection, prefix);
  const leases = new LeaseStore(redis, prefix, config.WORKER_KEEPALIVE_TIMEOUT * 1000);
  const keepaliveMs = config.WORKER_KEEPALIVE_INTERVAL * 1000;
  const jobOptions = { backoffMs: config.FLOWETL_RETRY_BACKOFF_SECONDS * 1000, retentionSeconds: config.QUEUE_RESULT_RETENTION_PERIOD_SECONDS };
  const role = config.FLOWETL_ROLE;
  const janitor = new EtlJanitor({ db: deps.db, queue, leases, log: deps.log, intervalMs: keepaliveMs, ...jobOptions });
  const scheduler =
    role === 'worker'
      ? undefined
      : new IngestScheduler({
          db: deps.db,
          dir: deps.etlDir,
          definitions,
          queue,
          log: deps.log,
          intervalMs: config.FLOWETL_SCAN_INTERVAL_SECONDS * 1000,
          settleMs: config.FLOWETL_FILE_SETTLE_SECONDS * 1000,
          ...jobOptions,
        });
  const cleanup =
    role === 'worker'
      ? undefined
      : new EtlCleanupJob({ queue, log: deps.log, now: deps.now ?? (() => new Date()), schedule: config.CRON_CLEANUP, historyTimeoutHours: config.HISTORY_TIMEOUT });
  const worker =
    role === 'scheduler'
      ? undefined
      : new IngestWorker({
          db: deps.db,
          etlDir: deps.etlDir,
          definitions,
          leases,
          owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
          log: deps.log,
          keepaliveMs,
          connection,
          prefix,
          concurrency: config.WORKER_CAPACITY,
          leaseMs: config.WORKER_KEEPALIVE_TIMEOUT * 1000,
          healthFilePath: config.WORKER_HEALTH_FILEPATH,
          maxRunSeconds: config.WORKER_MAX_RUN_DURATION_SECONDS,
          operatorQaChecks,
        });
  let closing: Promise<void> | undefined;
  return {
    definitions,
    queue,
    leases,
    scheduler,
    worker,
    janitor,
    cleanup,
    start() {
      janitor.start();
      scheduler?.start();
      cleanup?.start();
      worker?.start();
    },
    close() {
      closing ??= (async () => {
        await scheduler?.close();
        await cleanup?.close();
        await worker?.close();
        await janitor.close();
        await queue.close();
        redis.disconnect();
      })();
      return closing;
    },
  };
}
