export { flowdbSettings } from './config.js';
export { applyDatabaseSettings } from './database-settings.js';
export {
  FLOWDB_MIGRATIONS_TABLE,
  FLOWDB_RESET_SCHEMAS,
  migrateFlowdb,
  parseDfFreeBytes,
  type FlowdbCacheConfig,
  type FlowdbRoles,
  type MigrateFlowdbOptions,
  type MigrateFlowdbResult,
} from './migrate-flowdb.js';
export { flowdbSchemaStatus, type FlowdbSchemaStatus } from './schema-status.js';
export { FLOWDB_MIGRATIONS_DIR } from './sql-files.js';
export { applyTuning, computeTuning, megabytes, type PostgresParams, type TuningResult, type TuningSettings } from './tuning.js';
