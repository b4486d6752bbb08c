import type { Knex } from 'knex';
import { sqlFiles } from './sql-files.js';

/**
 * Applies the per-database settings (UTC time zone, CONNECT only for the group roles) to the database `db` is
 * connected to. Idempotent; needed again on every clone because `CREATE DATABASE ... TEMPLATE` does not copy them.
 */
export async function applyDatabaseSettings(db: Knex | Knex.Transaction): Promise<void> {
  await db.raw(sqlFiles.databaseSettings);
}
