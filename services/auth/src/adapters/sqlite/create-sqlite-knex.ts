import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { AUTH_SCHEMA } from '../postgres/tables.js';

/** Columns SQLite stores as INTEGER 0/1 that the repositories expect as booleans. */
const BOOLEAN_COLUMNS = ['is_admin', 'require_two_factor', 'enabled'] as const;

/** Minimal view of a better-sqlite3 connection (the driver's own types are not needed elsewhere). */
interface SqliteConnection {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  pragma(sql: string): unknown;
}

function toBooleans(row: unknown): unknown {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return row;
  const r = row as Record<string, unknown>;
  for (const c of BOOLEAN_COLUMNS) if (typeof r[c] === 'number') r[c] = r[c] === 1;
  return r;
}

/**
 * A knex instance on a SQLite file (deployment.md §2.5, `sqlite:///<path>` or DB_URI unset). The main database is
 * an empty in-memory one and the file is ATTACHed as schema `flowauth`, so every repository's `flowauth.<table>`
 * names work unchanged. One connection (SQLite serialises writers anyway), foreign keys on, WAL journal.
 */
export function createSqliteKnex(path: string): Knex {
  mkdirSync(dirname(path), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) => {
        try {
          conn.prepare(`ATTACH DATABASE ? AS ${AUTH_SCHEMA}`).run(path);
          conn.pragma('foreign_keys = ON');
          conn.pragma(`${AUTH_SCHEMA}.journal_mode = WAL`);
          conn.pragma('busy_timeout = 10000');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
    postProcessResponse: (result: unknown) => (Array.isArray(result) ? result.map(toBooleans) : toBooleans(result)),
  });
}

/** Whether a knex instance (or transaction) talks to SQLite. */
export function isSqlite(db: Knex | Knex.Transaction): boolean {
  return (db.client as { config?: { client?: unknown } }).config?.client === 'better-sqlite3';
}
