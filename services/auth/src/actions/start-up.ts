import { fileURLToPath } from 'node:url';
import { AdvisoryLock, migrate, waitFor } from '@flowdeck/db';
import type { Deps } from '../deps.js';
import { AUTH_SCHEMA } from '../adapters/postgres/tables.js';
import { encryptedKeyIds } from '../adapters/postgres/tokens.js';
import { findUserByName, insertUser, updateUser } from '../adapters/postgres/users.js';
import { loadDemoData } from './demo-data.js';
import { migrateSqlite } from '../adapters/sqlite/migrate-sqlite.js';

/** Auth's migration directory (services/auth/migrations). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
/** Auth's SQLite migrations (services/auth/migrations-sqlite): the same numbered set in SQLite's dialect. */
export const SQLITE_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations-sqlite', import.meta.url));
/** Bookkeeping table of auth's migrations. */
export const MIGRATIONS_TABLE = 'public.flowauth_migrations';

type StartUpDeps = Pick<Deps, 'db' | 'dbTarget' | 'config' | 'log' | 'hasher' | 'keyRing'>;

/**
 * Start-up sequence before listening: wait for the database (backoff), migrate (DB_MIGRATION_MODE, DB_RESET /
 * RESET_FLOWAUTH_DB), check stored values against the key ring, create or reset the admin, load demo data.
 */
export async function initialiseDatabase(deps: StartUpDeps, opts: { waitDeadlineMs?: number } = {}): Promise<void> {
  const { db, config, log } = deps;
  if (deps.dbTarget.kind === 'sqlite') {
    // deployment.md §2.5: loud at every start; one replica only.
    log.warn(
      { path: deps.dbTarget.path, defaulted: config.DB_URI === undefined },
      'database.sqlite: auth keeps its data in a SQLite file; run a single auth replica and set DB_URI to a postgresql:// URL for production',
    );
  }
  await waitFor(() => db.raw('SELECT 1'), {
    deadlineMs: opts.waitDeadlineMs ?? 120_000,
    onRetry: (err, delayMs) => log.warn({ err, delayMs }, 'database.waiting'),
  });
  const reset = config.DB_RESET || config.RESET_FLOWAUTH_DB;
  if (reset) log.warn({ schema: AUTH_SCHEMA }, 'database.reset');
  const onApplied = (f: { version: number; name: string }): void => log.info(f, 'database.migration_applied');
  const result =
    deps.dbTarget.kind === 'sqlite'
      ? await migrateSqlite(db, { dir: SQLITE_MIGRATIONS_DIR, mode: config.DB_MIGRATION_MODE, reset, onApplied })
      : await migrate(db, {
          dir: MIGRATIONS_DIR,
          table: MIGRATIONS_TABLE,
          lockKey: AdvisoryLock.authMigrations,
          mode: config.DB_MIGRATION_MODE,
          resetSchemas: reset ? [AUTH_SCHEMA] : undefined,
          onApplied,
        });
  log.info({ version: result.version, applied: result.applied }, 'database.ready');
  await checkStoredKeyIds(deps);
  await ensureAdmin(deps);
  if (config.DEMO_MODE) {
    log.warn('demo_mode.enabled');
    await loadDemoData(deps);
  }
}

/** Fails start-up, listing counts per key id, when stored values use a key absent from the ring (deployment.md §5). */
export async function checkStoredKeyIds(deps: Pick<Deps, 'db' | 'keyRing'>): Promise<void> {
  const known = new Set(deps.keyRing.keyIds());
  const unknown = [...(await encryptedKeyIds(deps.db))].filter(([kid]) => !known.has(kid));
  if (unknown.length > 0) {
    throw new TypeError(
      `Stored values are encrypted with key ids missing from FLOWAUTH_FERNET_KEY: ${unknown.map(([k, n]) => `${k} (${n})`).join(', ')}.`,
    );
  }
}

/** FlowAuth's add_admin: creates FLOWAUTH_ADMIN_USERNAME, or resets its password and admin flag. */
export async function ensureAdmin(deps: Pick<Deps, 'db' | 'config' | 'log' | 'hasher'>): Promise<void> {
  const username = deps.config.FLOWAUTH_ADMIN_USERNAME;
  const passwordHash = await deps.hasher.hash(deps.config.FLOWAUTH_ADMIN_PASSWORD);
  await deps.db.transaction(async (trx) => {
    const existing = await findUserByName(trx, username);
    if (existing) {
      await updateUser(trx, existing.id, { passwordHash, isAdmin: true });
      deps.log.info({ userId: existing.id }, 'admin.reset');
    } else {
      const id = await insertUser(trx, { username, passwordHash, isAdmin: true, requireTwoFactor: false });
      deps.log.info({ userId: id }, 'admin.created');
    }
  });
}
