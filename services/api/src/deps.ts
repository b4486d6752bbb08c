import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { Redis } from 'ioredis';
import type { Logger } from '@flowdeck/log';
import { parsePublicKeys, type PublicKeySet } from '@flowdeck/tokens';
import type { ApiConfig } from './config.js';
import { ApiMetrics } from './adapters/metrics/api-metrics.js';
import { AvailabilityStore } from './adapters/postgres/availability-store.js';
import { createFlowdbPool } from './adapters/postgres/flowdb-pool.js';
import { GeographyReader } from './adapters/postgres/geography-reader.js';
import { QueryStatusStore } from './adapters/postgres/query-status-store.js';
import { ResultReader } from './adapters/postgres/result-reader.js';
import { SqlLibrary } from './adapters/postgres/sql-library.js';
import { DispatchQueue } from './adapters/redis/dispatch-queue.js';
import { RevocationListHolder } from './adapters/revocation/revocation-list-holder.js';

/** Everything the api's routes use; built once by createDeps, closed by closeDeps. */
export interface Deps {
  config: ApiConfig;
  log: Logger;
  now: () => Date;
  /** Flowdeck version (info.version, /health). */
  version: string;
  keys: PublicKeySet;
  pool: pg.Pool;
  redis: Redis;
  queries: QueryStatusStore;
  results: ResultReader;
  geography: GeographyReader;
  availability: AvailabilityStore;
  dispatch: DispatchQueue;
  revocations: RevocationListHolder;
  metrics: ApiMetrics;
}

export interface CreateDepsOptions {
  now?: () => Date;
  /** Rows per cursor read (tests use small batches to exercise batching). */
  batchRows?: number;
}

/** The api's version: its package.json version. */
export function apiVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * Builds the api's dependencies. Parses the public keys (TypeError 'Failed to load public key.' on bad input),
 * creates the FlowDB pool (lazy), the Redis connection and BullMQ queue, and loads the revocation list once.
 */
export async function createDeps(config: ApiConfig, log: Logger, options: CreateDepsOptions = {}): Promise<Deps> {
  const now = options.now ?? (() => new Date());
  const keys = parsePublicKeys(config.PUBLIC_JWT_SIGNING_KEY);
  const sql = new SqlLibrary();
  const pool = createFlowdbPool({
    host: config.FLOWDB_HOST,
    port: config.FLOWDB_PORT,
    database: config.FLOWDB_DATABASE,
    user: config.FLOWAPI_FLOWDB_USER,
    password: config.FLOWAPI_FLOWDB_PASSWORD,
  });
  const redis = new Redis({
    host: config.REDIS_HOST,
    port: config.REDIS_PORT,
    password: config.REDIS_PASSWORD === '' ? undefined : config.REDIS_PASSWORD,
    maxRetriesPerRequest: null,
    connectionName: 'flowdeck-api',
  });
  redis.on('error', (err: Error) => log.warn({ err: { message: err.message } }, 'redis.connection_error'));
  const revocations = new RevocationListHolder({
    source: config.FLOWAPI_REVOCATION_LIST,
    keys,
    audience: config.FLOWAPI_IDENTIFIER,
    refreshSeconds: config.FLOWAPI_REVOCATION_REFRESH_SECONDS,
    now,
    log,
  });
  await revocations.start();
  return {
    config,
    log,
    now,
    version: apiVersion(),
    keys,
    pool,
    redis,
    queries: new QueryStatusStore(pool, sql),
    results: new ResultReader(pool, sql, options.batchRows),
    geography: new GeographyReader(pool, sql, options.batchRows),
    availability: new AvailabilityStore(pool, sql),
    dispatch: new DispatchQueue(redis, config.REDIS_KEY_PREFIX),
    revocations,
    metrics: new ApiMetrics(),
  };
}

/** Closes in reverse order of creation; every step runs even when an earlier one fails. */
export async function closeDeps(deps: Deps): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['revocations', () => deps.revocations.close()],
    ['dispatch', () => deps.dispatch.close()],
    ['redis', () => deps.redis.quit()],
    ['flowdb', () => deps.pool.end()],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      deps.log.warn({ step: name, err }, 'deps.close_failed');
    }
  }
}
