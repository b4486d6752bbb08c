import { createKnex, type Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import { flowdbConnectionString, type EtlConfig } from './config.js';
import { readVersion } from './version.js';

export interface Deps {
  db: Knex;
  log: Logger;
  version: string;
  etlDir: string;
  scanIntervalMs: number;
}

/** Builds the service's dependencies; opens no connection yet. Throws ConfigError when no FlowDB secret is set. */
export function createDeps(config: EtlConfig, log: Logger): Deps {
  const db = createKnex({ connection: flowdbConnectionString(config), pool: { min: 0, max: 4 }, applicationName: 'flowdeck-etl' });
  return { db, log, version: readVersion(), etlDir: config.FLOWDB_ETL_DIR, scanIntervalMs: config.FLOWETL_SCAN_INTERVAL_SECONDS * 1000 };
}

/** Closes what createDeps opened, in reverse order. */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.db.destroy();
}
