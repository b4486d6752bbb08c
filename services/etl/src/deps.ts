import { createKnex, type Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { ConfigError } from '@flowdeck/config';
import { flowdbConnectionString, type EtlConfig } from './config.js';
import type { AdminCredentials } from './http/monitor/admin-credentials.js';
import { EtlMetrics } from './http/monitor/etl-metrics.js';
import { readVersion } from './version.js';

export interface Deps {
  db: Knex;
  log: Logger;
  version: string;
  etlDir: string;
  scanIntervalMs: number;
  /** Login of the monitor page; undefined = monitor disabled. */
  admin?: AdminCredentials;
  /** Undefined when METRICS_ENABLED is false. */
  metrics?: EtlMetrics;
}

/** Builds the service's dependencies; opens no connection yet. Throws ConfigError when no FlowDB secret is set. */
export function createDeps(config: EtlConfig, log: Logger): Deps {
  const db = createKnex({ connection: flowdbConnectionString(config), pool: { min: 0, max: 4 }, applicationName: 'flowdeck-etl' });
  const username = config.FLOWETL_AIRFLOW_ADMIN_USERNAME;
  const password = config.FLOWETL_AIRFLOW_ADMIN_PASSWORD;
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigError([`Undefined configuration option: '${username === undefined ? 'FLOWETL_AIRFLOW_ADMIN_USERNAME' : 'FLOWETL_AIRFLOW_ADMIN_PASSWORD'}'. Please set docker secret or environment variable.`]);
  }
  return {
    db,
    log,
    version: readVersion(),
    etlDir: config.FLOWDB_ETL_DIR,
    scanIntervalMs: config.FLOWETL_SCAN_INTERVAL_SECONDS * 1000,
    admin: username !== undefined && password !== undefined ? { username, password } : undefined,
    metrics: config.METRICS_ENABLED ? new EtlMetrics({ db, log }) : undefined,
  };
}

/** Closes what createDeps opened, in reverse order. */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.db.destroy();
}
