export { AdvisoryLock } from './advisory-locks.js';
export { createKnex, postgresUrl, type CreateKnexOptions, type Knex } from './create-knex.js';
export { DependencyUnavailable, isConnectionError, MigrationError, type MigrationErrorCode } from './errors.js';
export { migrate, readMigrations, type MigrateOptions, type MigrationFile, type MigrationMode } from './migrate.js';
export { waitFor } from './wait-for.js';
