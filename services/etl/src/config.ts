import { commonSettings, ConfigError, int, optionalStr, port, str, type ConfigOf } from '@flowdeck/config';
import { postgresUrl } from '@flowdeck/db';
import { pipelineSettings } from './pipeline-settings.js';

/** Settings of services/etl (spec/deployment.md §2.2, §3, §4); keys are the exact setting names. */
export const etlSettings = {
  ...commonSettings,
  AIRFLOW_CONN_FLOWDB: optionalStr({
    kind: 'secret',
    doc: 'FlowDB connection string ETL uses (owner role: it creates partitions). Unset = built from FLOWDB_POSTGRES_PASSWORD, FLOWDB_SUPERUSER, FLOWDB_HOST, FLOWDB_PORT and FLOWDB_DATABASE.',
  }),
  FLOWDB_POSTGRES_PASSWORD: optionalStr({ kind: 'secret', doc: 'Password of the FlowDB owner; used when AIRFLOW_CONN_FLOWDB is unset.' }),
  FLOWDB_SUPERUSER: str({ doc: 'Extension: FlowDB owner role name, for the default connection string.', default: 'flowdb' }),
  FLOWDB_HOST: str({ doc: 'FlowDB host.', default: 'localhost' }),
  FLOWDB_PORT: port({ doc: 'FlowDB port.', default: 9000 }),
  FLOWDB_DATABASE: str({ doc: 'Extension: FlowDB database name.', default: 'flowdb' }),
  FLOWDB_ETL_DIR: str({ doc: 'Directory of incoming files (CDR files, infrastructure/, geography/).', default: '/etl' }),
  FLOWETL_PORT: port({ doc: 'Listen port of the ETL monitor (/health).', default: 8080 }),
  FLOWETL_AIRFLOW_ADMIN_USERNAME: optionalStr({
    kind: 'secret',
    doc: 'Username of the ETL monitor sign-in form (/monitor). Required for the monitor: while it or the password is unset, /monitor answers 503.',
  }),
  FLOWETL_AIRFLOW_ADMIN_PASSWORD: optionalStr({ kind: 'secret', doc: 'Password of the ETL monitor sign-in form (/monitor).' }),
  FLOWETL_SCAN_INTERVAL_SECONDS: int({ doc: 'Extension: seconds between scans of FLOWDB_ETL_DIR.', default: 60, min: 1 }),
  FLOWETL_LOG_LEVEL: optionalStr({ doc: 'Log level of the ETL service; default LOG_LEVEL.' }),
  ...pipelineSettings,
} as const;

export type EtlConfig = ConfigOf<typeof etlSettings>;

/**
 * The FlowDB connection string: AIRFLOW_CONN_FLOWDB, else `postgres://<FLOWDB_SUPERUSER>:<FLOWDB_POSTGRES_PASSWORD>@
 * <FLOWDB_HOST>:<FLOWDB_PORT>/<FLOWDB_DATABASE>`. Throws ConfigError when neither secret is set.
 */
export function flowdbConnectionString(config: EtlConfig): string {
  if (config.AIRFLOW_CONN_FLOWDB !== undefined) return config.AIRFLOW_CONN_FLOWDB;
  if (config.FLOWDB_POSTGRES_PASSWORD === undefined) {
    throw new ConfigError([
      "Undefined configuration option: 'AIRFLOW_CONN_FLOWDB'. Please set docker secret or environment variable (or set FLOWDB_POSTGRES_PASSWORD).",
    ]);
  }
  return postgresUrl({
    host: config.FLOWDB_HOST,
    port: config.FLOWDB_PORT,
    user: config.FLOWDB_SUPERUSER,
    password: config.FLOWDB_POSTGRES_PASSWORD,
    database: config.FLOWDB_DATABASE,
  });
}

/** FLOWETL_LOG_LEVEL, else LOG_LEVEL. */
export function etlLogLevel(config: EtlConfig): string {
  return config.FLOWETL_LOG_LEVEL ?? config.LOG_LEVEL;
}
