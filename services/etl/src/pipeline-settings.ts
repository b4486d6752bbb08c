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
  QUEUE_RESULT_RETENTION_PERIOD_SECONDS: int({ doc: 'Age after which successful BullMQ jobs are removed.', default: 86_400, min: 0 }),
} as const;
