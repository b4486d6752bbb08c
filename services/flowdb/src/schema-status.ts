import { readMigrations, type Knex } from '@flowdeck/db';
import { FLOWDB_MIGRATIONS_TABLE } from './migrate-flowdb.js';
import { FLOWDB_MIGRATIONS_DIR } from './sql-files.js';

export interface FlowdbSchemaStatus {
  /** Every migration file is applied with an unchanged checksum. */
  current: boolean;
  /** Newest migration version of this checkout. */
  version: number;
  /** Versions not yet applied. */
  pending: number[];
  /** Applied versions whose file changed since. */
  changed: number[];
}

/**
 * Read-only schema check for services that do not migrate (the engine with DB_MIGRATION_MODE=none, connected as
 * its login role, which may SELECT public.flowdeck_migrations but not create it). Takes no lock.
 */
export async function flowdbSchemaStatus(db: Knex): Promise<FlowdbSchemaStatus> {
  const files = readMigrations(FLOWDB_MIGRATIONS_DIR);
  const exists = (await db.raw('SELECT to_regclass(?) IS NOT NULL AS e', [FLOWDB_MIGRATIONS_TABLE])).rows[0].e as boolean;
  const rows: { version: number; checksum: string }[] = exists ? await db(FLOWDB_MIGRATIONS_TABLE).select('version', 'checksum') : [];
  const applied = new Map(rows.map((r) => [r.version, r.checksum]));
  const pending = files.filter((f) => !applied.has(f.version)).map((f) => f.version);
  const changed = files.filter((f) => applied.has(f.version) && applied.get(f.version) !== f.checksum).map((f) => f.version);
  return { current: pending.length === 0 && changed.length === 0, version: files.at(-1)?.version ?? 0, pending, changed };
}
