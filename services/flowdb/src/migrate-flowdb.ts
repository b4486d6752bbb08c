import { AdvisoryLock, MigrationError, migrate, type Knex } from '@flowdeck/db';
import { applyDatabaseSettings } from './database-settings.js';
import { FLOWDB_MIGRATIONS_DIR, sqlFiles } from './sql-files.js';

/** Schemas dropped and recreated by DB_RESET (spec/flowdb.md §2). */
export const FLOWDB_RESET_SCHEMAS = ['events', 'infrastructure', 'geography', 'etl', 'cache', 'dfs'] as const;

/** Bookkeeping table of applied migrations. */
export const FLOWDB_MIGRATIONS_TABLE = 'public.flowdeck_migrations';

export interface FlowdbRoles {
  /** FLOWMACHINE_FLOWDB_USER / _PASSWORD: login role, member of flowdeck_engine. */
  engineUser: string;
  enginePassword: string;
  /** FLOWAPI_FLOWDB_USER / _PASSWORD: login role, member of flowdeck_api. */
  apiUser: string;
  apiPassword: string;
}

export interface FlowdbCacheConfig {
  /** CACHE_HALF_LIFE (touches). */
  halfLife: number;
  /** CACHE_SIZE (bytes); unset keeps the stored value, or measures one tenth of the data directory's free space. */
  cacheSizeBytes?: number;
  /** CACHE_PROTECTED_PERIOD (seconds). */
  protectedPeriodSeconds: number;
}

export interface MigrateFlowdbOptions {
  /** DB_MIGRATION_MODE. */
  mode: 'upgrade' | 'none';
  /** DB_RESET: drop and recreate the FlowDB schemas first (refused when nodeEnv is `production`). */
  reset?: boolean;
  /** NODE_ENV. */
  nodeEnv?: string;
  roles: FlowdbRoles;
  /** Written to cache.cache_config; omitted = left as it is. */
  cacheConfig?: FlowdbCacheConfig;
  /** Progress callback, once per applied migration file. */
  onApplied?: (file: { version: number; name: string }) => void;
}

export interface MigrateFlowdbResult {
  /** Versions applied by this run (empty when the schema was current). */
  applied: number[];
  /** Schema version after the run. */
  version: number;
  /** CACHE_SIZE default measured by this run (CACHE_SIZE unset and no stored value). */
  measuredCacheSizeBytes?: number;
}

/**
 * Brings FlowDB to the current schema (spec/flowdb.md §2), then, in a second transaction serialised by the same
 * advisory lock and a lock on pg_authid (roles are cluster-global), re-applies the per-database settings,
 * creates/updates the login roles with their passwords and writes cache.cache_config. Must run as a superuser.
 */
export async function migrateFlowdb(db: Knex, options: MigrateFlowdbOptions): Promise<MigrateFlowdbResult> {
  if (options.reset && options.nodeEnv === 'production') {
    throw new MigrationError('RESET_REFUSED', 'DB_RESET=true is refused when NODE_ENV=production.');
  }
  const { applied, version } = await migrate(db, {
    dir: FLOWDB_MIGRATIONS_DIR,
    table: FLOWDB_MIGRATIONS_TABLE,
    lockKey: AdvisoryLock.flowdbMigrations,
    mode: options.mode,
    resetSchemas: options.reset ? FLOWDB_RESET_SCHEMAS : undefined,
    onApplied: options.onApplied,
  });
  const measured = await db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [AdvisoryLock.flowdbMigrations.toString()]);
    await trx.raw('LOCK TABLE pg_catalog.pg_authid IN SHARE ROW EXCLUSIVE MODE');
    await applyDatabaseSettings(trx);
    await ensureLoginRoles(trx, options.roles);
    return options.cacheConfig ? writeCacheConfig(trx, options.cacheConfig) : undefined;
  });
  return measured === undefined ? { applied, version } : { applied, version, measuredCacheSizeBytes: measured };
}

async function ensureLoginRoles(trx: Knex.Transaction, roles: FlowdbRoles): Promise<void> {
  await trx.raw(
    `SELECT set_config('flowdeck.engine_user', :engineUser, true),
            set_config('flowdeck.engine_password', :enginePassword, true),
            set_config('flowdeck.api_user', :apiUser, true),
            set_config('flowdeck.api_password', :apiPassword, true)`,
    { ...roles },
  );
  try {
    await trx.raw(sqlFiles.ensureLoginRoles);
  } finally {
    // Do not leave the passwords readable for the rest of the transaction.
    await trx.raw(
      `SELECT set_config('flowdeck.engine_password', '', true), set_config('flowdeck.api_password', '', true)`,
    ).catch(() => undefined);
  }
}

/** Writes cache.cache_config; returns the measured CACHE_SIZE default when it had to measure one. */
async function writeCacheConfig(trx: Knex.Transaction, config: FlowdbCacheConfig): Promise<number | undefined> {
  let cacheSize = config.cacheSizeBytes;
  let measured: number | undefined;
  if (cacheSize === undefined) {
    const stored = await trx('cache.cache_config').where({ key: 'cache_size' }).first('value');
    if (stored?.value == null) cacheSize = measured = await measureDefaultCacheSize(trx);
  }
  const rows = [
    { key: 'half_life', value: String(config.halfLife) },
    { key: 'cache_protected_period', value: String(config.protectedPeriodSeconds) },
    ...(cacheSize === undefined ? [] : [{ key: 'cache_size', value: String(cacheSize) }]),
  ];
  await trx('cache.cache_config').insert(rows).onConflict('key').merge(['value']);
  return measured;
}

/** One tenth of the free space of the data directory, or undefined when the server cannot run `df`. */
async function measureDefaultCacheSize(trx: Knex.Transaction): Promise<number | undefined> {
  try {
    return await trx.transaction(async (sp) => {
      await sp.raw(sqlFiles.measureFreeSpace);
      const lines: { line: string }[] = await sp('flowdeck_df').select('line');
      await sp.raw('DROP TABLE flowdeck_df');
      const free = parseDfFreeBytes(lines.map((l) => l.line));
      return free === undefined ? undefined : Math.floor(free / 10);
    });
  } catch {
    return undefined;
  }
}

/** Available bytes from `df -P -k` output (second line, fourth column, in KiB). */
export function parseDfFreeBytes(lines: readonly string[]): number | undefined {
  const fields = lines[1]?.trim().split(/\s+/);
  const kib = fields?.[3] === undefined ? NaN : Number(fields[3]);
  return Number.isFinite(kib) ? kib * 1024 : undefined;
}
