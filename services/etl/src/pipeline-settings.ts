import { int, num, oneOf, optionalStr, port, str } from '@flowdeck/config';

/** Settings of the ingest pipeline (spec/deployment.md §2.2, §3, §4); spread into etlSettings. */
export const pipelineSettings = {
  FLOWETL_ROLE: oneOf(['all', 'scheduler', 'worker'] as const, {
    doc: 'Extension: what this process runs. scheduler = directory scheduler, janitor and monitor (stack service etl); worker = ingest worker (etl_worker); all = both.',
    default: 'all',
  }),
  FLOWETL_CONFIG_DIR: str({
    doc: 'Extension: directory of the source definitions (one JSON file per CDR type; FLOWETL_HOST_DAG_DIR is mounted here). Missing directory or file = built-in defaults.',
    default: '/etl-config',
  }),
  FLOWETL_FILE_SETTLE_SECONDS: num({
    doc: 'Extension: a file is picked up only once its modification time is at least this old (files still being written are left alone; or write to a name ending .part and rename).',
    default: 10,
    min: 0,
  }),
  FLOWETL_RETRY_BACKOFF_SECONDS: num({ doc: 'Extension: first retry delay of a failed ingest job (exponential, 3 attempts).', default: 60, min: 0.01 }),
  FLOWETL_REDIS_HOST: str({ doc: "Host of ETL's own Redis (BullMQ ingest queue, worker leases).", default: 'localhost' }),
  FLOWETL_REDIS_PORT: port({ doc: "Port of ETL's Redis.", default: 6379 }),
  FLOWETL_REDIS_PASSWORD: str({ kind: 'secret', doc: "Password of ETL's Redis; empty for none.", allowEmpty: true }),
  REDIS_KEY_PREFIX: str({ doc: 'Extension: prefix of every BullMQ/Redis key.', default: 'flowdeck' }),
  WORKER_CAPACITY: int({ doc: 'Ingest jobs one worker process runs concurrently.', default: 4, min: 1 }),
  WORKER_KEEPALIVE_INTERVAL: num({ doc: 'Seconds between lease renewals and janitor passes.', default: 60, min: 0.05 }),
  WORKER_KEEPALIVE_TIMEOUT: num({ doc: 'Lease length in seconds; an ingest whose worker is silent this long is closed failed and re-queued.', default: 300, min: 0.1 }),
  WORKER_HEALTH_FILEPATH: optionalStr({ doc: 'File touched at every keepalive, for liveness probes.' }),
  WORKER_MAX_RUN_DURATION_SECONDS: int({
    doc: 'Limit of one ingest job in seconds (statement_timeout of its COPY, validation, index and swap statements, counted from the start of the load); an ingest that exceeds it ends failed and is not retried. 0 = none.',
    default: 3600,
    min: 0,
  }),
  RUN_GRACE_PERIOD_SECONDS: int({
    doc: 'Declared for parity with the engine; currently unused by the ETL: statement_timeout ends an over-long ingest itself and a dead worker is detected through its lease (WORKER_KEEPALIVE_TIMEOUT).',
    default: 60,
    min: 0,
  }),
  CRON_CLEANUP: str({ doc: 'Cron schedule (5 fields, UTC) of the cleanup job, which also runs at start-up.', default: '0 */12 * * *' }),
  HISTORY_TIMEOUT: int({ doc: 'Hours after which finished BullMQ ingest jobs are removed by the cleanup job; etl.etl_records is never deleted.', default: 336, min: 1 }),
  QUEUE_RESULT_RETENTION_PERIOD_SECONDS: int({ doc: 'Age after which successful BullMQ jobs are removed.', default: 86_400, min: 0 }),
} as const;
