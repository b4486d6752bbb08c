import { bool, commonSettings, int, num, oneOf, optionalStr, port, str, type ConfigOf } from '@flowdeck/config';

/**
 * Settings of the query engine (spec/deployment.md §2.3, §3). Keys are the exact setting names; `packages/config`
 * resolves and validates them at start-up.
 */
export const engineSettings = {
  ...commonSettings,
  FLOWMACHINE_FLOWDB_USER: str({ kind: 'secret', doc: 'Engine login role of FlowDB.', default: 'flowmachine' }),
  FLOWMACHINE_FLOWDB_PASSWORD: str({ kind: 'secret', doc: 'Password of the engine login role.', allowEmpty: true }),
  FLOWDB_HOST: str({ doc: 'FlowDB host.', default: 'localhost' }),
  FLOWDB_PORT: port({ doc: 'FlowDB port.', default: 9000 }),
  FLOWDB_DATABASE: str({ doc: 'FlowDB database name (**Extension**).', default: 'flowdb' }),
  REDIS_HOST: str({ doc: 'Redis host (BullMQ).', default: 'localhost' }),
  REDIS_PORT: port({ doc: 'Redis port.', default: 6379 }),
  REDIS_PASSWORD: str({ kind: 'secret', doc: 'Redis password; empty for none.', allowEmpty: true }),
  REDIS_KEY_PREFIX: str({ doc: 'Prefix of every BullMQ/Redis key (**Extension**).', default: 'flowdeck' }),
  FLOWMACHINE_PORT: port({ doc: 'HTTP port of the engine’s /health and /metrics.', default: 5555 }),
  FLOWMACHINE_LOG_LEVEL: optionalStr({ doc: 'Log level of the engine; defaults to LOG_LEVEL.' }),
  FLOWMACHINE_SERVER_DISABLE_DEPENDENCY_CACHING: bool({
    doc: 'When true only top-level results are cached; dependencies are computed into temporary tables.',
    default: false,
  }),
  FLOWMACHINE_CACHE_PRUNING_FREQUENCY: int({ doc: 'Seconds between background cache shrinker runs.', default: 86_400, min: 1 }),
  FLOWMACHINE_CACHE_PRUNING_TIMEOUT: int({ doc: 'Seconds a shrinker run may take.', default: 600, min: 1 }),
  DB_CONNECTION_POOL_SIZE: int({ doc: 'Connections that run query SQL (concurrent statements per process).', default: 5, min: 1 }),
  DB_CONNECTION_POOL_OVERFLOW: int({ doc: 'Extra connections for bookkeeping (state, leases, janitor).', default: 1, min: 1 }),
  WORKER_CAPACITY: int({
    doc: 'Jobs one engine process runs concurrently; default DB_CONNECTION_POOL_SIZE.',
    default: 0,
    defaultText: 'DB_CONNECTION_POOL_SIZE',
    min: 0,
  }),
  WORKER_MAX_RUN_DURATION_SECONDS: int({ doc: 'statement_timeout of one query node, seconds; 0 = none.', default: 3600, min: 0 }),
  RUN_GRACE_PERIOD_SECONDS: int({ doc: 'Seconds after the limit before the janitor errors the run.', default: 60, min: 0 }),
  WORKER_KEEPALIVE_INTERVAL: num({ doc: 'Seconds between lease renewals and janitor passes.', default: 60, min: 0.05 }),
  WORKER_KEEPALIVE_TIMEOUT: num({ doc: 'Lease length in seconds.', default: 300, min: 0.1 }),
  WORKER_HEALTH_FILEPATH: optionalStr({ doc: 'File touched at every keepalive, for liveness probes.' }),
  CRON_CLEANUP: str({ doc: 'Cron schedule of the cleanup job.', default: '0 */12 * * *' }),
  HISTORY_TIMEOUT: int({ doc: 'Hours after which terminal query records are deleted by cleanup.', default: 336, min: 1 }),
  QUEUE_RESULT_RETENTION_PERIOD_SECONDS: int({ doc: 'Age after which successful BullMQ jobs are removed.', default: 86_400, min: 0 }),
  REDACTION_THRESHOLD: int({ doc: 'Subscribers-or-fewer threshold of query-kinds.md §7.', default: 15, min: 15 }),
  DB_MIGRATION_MODE: oneOf(['upgrade', 'none'] as const, {
    doc: 'The engine owns no migrations (services/flowdb does); accepted for compatibility.',
    default: 'upgrade',
  }),
} as const;

export type EngineConfig = ConfigOf<typeof engineSettings>;

/** The effective worker capacity: WORKER_CAPACITY, or DB_CONNECTION_POOL_SIZE when unset (0). */
export function workerCapacity(config: Pick<EngineConfig, 'WORKER_CAPACITY' | 'DB_CONNECTION_POOL_SIZE'>): number {
  return config.WORKER_CAPACITY > 0 ? config.WORKER_CAPACITY : config.DB_CONNECTION_POOL_SIZE;
}
