import type { Knex } from 'knex';
import { MigrationError, readMigrations, type MigrationMode } from '@flowdeck/db';
import { AUTH_SCHEMA } from '../postgres/tables.js';

/** Bookkeeping table of the SQLite migrations, inside the attached auth database. */
export const SQLITE_MIGRATIONS_TABLE = `${AUTH_SCHEMA}.schema_migrations`;

interface RawConnection {
  exec(sql: string): unknown;
  prepare(sql: string): { all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown };
}

/**
 * SQLite counterpart of @flowdeck/db migrate(): applies `dir`'s numbered files in one `BEGIN IMMEDIATE`
 * transaction (SQLite's write lock plays the advisory lock's part), checks checksums, honours `mode` and, for
 * DB_RESET, drops every table of the attached auth database first.
 */
export async function migrateSqlite(
  db: Knex,
  options: { dir: string; mode: MigrationMode; reset?: boolean; onApplied?: (f: { version: number; name: string }) => void },
): Promise<{ applied: number[]; version: number }> {
  const files = readMigrations(options.dir);
  const conn = (await db.client.acquireConnection()) as RawConnection;
  try {
    conn.exec('BEGIN IMMEDIATE');
    try {
      if (options.reset) {
        conn.exec('PRAGMA foreign_keys = OFF');
        const objects = conn.prepare(`SELECT name FROM ${AUTH_SCHEMA}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
        for (const o of objects) conn.exec(`DROP TABLE IF EXISTS ${AUTH_SCHEMA}."${o.name.replace(/"/g, '""')}"`);
        conn.exec('PRAGMA foreign_keys = ON');
      }
      conn.exec(
        `CREATE TABLE IF NOT EXISTS ${SQLITE_MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
      );
      const done = new Map(
        (conn.prepare(`SELECT version, name, checksum FROM ${SQLITE_MIGRATIONS_TABLE}`).all() as { version: number; name: string; checksum: string }[]).map((r) => [
          r.version,
          r,
        ]),
      );
      for (const f of files) {
        const row = done.get(f.version);
        if (row && row.checksum !== f.checksum) {
          throw new MigrationError('MIGRATION_CHANGED', `Migration ${f.version} (${f.name}) was changed after it was applied; add a new migration instead.`);
        }
      }
      const pending = files.filter((f) => !done.has(f.version));
      if (options.mode === 'none' && pending.length > 0) {
        throw new MigrationError(
          'SCHEMA_OUTDATED',
          `Database schema is not current: ${pending.length} migration(s) pending (first: ${pending[0]!.version}_${pending[0]!.name}) and DB_MIGRATION_MODE=none.`,
        );
      }
      if (options.mode === 'upgrade') {
        for (const f of pending) {
          try {
            conn.exec(f.sql);
          } catch (err) {
            throw new MigrationError('MIGRATION_FAILED', `Migration ${f.version}_${f.name} failed: ${(err as Error).message}`, { cause: err });
          }
          conn.prepare(`INSERT INTO ${SQLITE_MIGRATIONS_TABLE} (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)`).run(f.version, f.name, f.checksum, Date.now());
          options.onApplied?.({ version: f.version, name: f.name });
        }
      }
      conn.exec('COMMIT');
      const version = files.length > 0 ? files[files.length - 1]!.version : 0;
      return { applied: options.mode === 'none' ? [] : pending.map((f) => f.version), version };
    } catch (err) {
      conn.exec('ROLLBACK');
      throw err;
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}
