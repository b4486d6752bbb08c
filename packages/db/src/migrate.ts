import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { MigrationError } from './errors.js';

export type MigrationMode = 'upgrade' | 'none';

export interface MigrateOptions {
  /** Directory of `NNNN_<name>.sql` files, applied in numeric order, forward only. */
  dir: string;
  /** Schema-qualified bookkeeping table, e.g. `public.flowdeck_migrations`. */
  table: string;
  /** Advisory-lock key held for the whole run (see `AdvisoryLock`). */
  lockKey: bigint;
  /** `upgrade` applies pending files; `none` only checks that none is pending. */
  mode: MigrationMode;
  /** Schemas to drop (CASCADE) before migrating; development only. Clears the bookkeeping table too. */
  resetSchemas?: readonly string[];
  /** Called once per applied file, for progress logging. */
  onApplied?: (file: { version: number; name: string }) => void;
}

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads and orders the migration files of a directory. */
export function readMigrations(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => FILE_NAME.test(f))
    .sort()
    .map((f) => {
      const m = FILE_NAME.exec(f)!;
      const sql = readFileSync(join(dir, f), 'utf8');
      return { version: Number(m[1]), name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations in one transaction holding `pg_advisory_xact_lock(lockKey)`, so concurrent starters
 * (replicas, a second deploy) serialise: the second waits, then finds nothing to do. Returns the versions applied
 * and the resulting schema version.
 */
export async function migrate(db: Knex, options: MigrateOptions): Promise<{ applied: number[]; version: number }> {
  const files = readMigrations(options.dir);
  const [schema, table] = (options.table.includes('.') ? options.table.split('.', 2) : ['public', options.table]) as [string, string];
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [options.lockKey.toString()]);
    if (options.resetSchemas && options.resetSchemas.length > 0) {
      for (const s of options.resetSchemas) await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [s]);
      await trx.raw('DROP TABLE IF EXISTS ??.??', [schema, table]);
    }
    await trx.raw(
      `CREATE TABLE IF NOT EXISTS ??.?? (
         version int PRIMARY KEY,
         name text NOT NULL,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
      [schema, table],
    );
    const done = new Map<number, { name: string; checksum: string }>(
      (await trx(`${schema}.${table}`).select('version', 'name', 'checksum')).map((r: { version: number; name: string; checksum: string }) => [
        r.version,
        r,
      ]),
    );
    for (const f of files) {
      const row = done.get(f.version);
      if (row && row.checksum !== f.checksum) {
        throw new MigrationError(
          'MIGRATION_CHANGED',
          `Migration ${f.version} (${f.name}) was changed after it was applied; add a new migration instead.`,
        );
      }
    }
    const pending = files.filter((f) => !done.has(f.version));
    if (options.mode === 'none') {
      if (pending.length > 0) {
        throw new MigrationError(
          'SCHEMA_OUTDATED',
          `Database schema is not current: ${pending.length} migration(s) pending (first: ${pending[0]!.version}_${pending[0]!.name}) and DB_MIGRATION_MODE=none.`,
        );
      }
    } else {
      for (const f of pending) {
        try {
          await trx.raw(f.sql);
        } catch (err) {
          throw new MigrationError('MIGRATION_FAILED', `Migration ${f.version}_${f.name} failed: ${(err as Error).message}`, {
            cause: err,
          });
        }
        await trx(`${schema}.${table}`).insert({ version: f.version, name: f.name, checksum: f.checksum });
        options.onApplied?.({ version: f.version, name: f.name });
      }
    }
    const version = files.length > 0 ? files[files.length - 1]!.version : 0;
    return { applied: options.mode === 'none' ? [] : pending.map((f) => f.version), version };
  });
}
