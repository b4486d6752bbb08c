import pg from 'pg';
import type { Knex } from '@flowdeck/db';

/** Tuning settings of spec/deployment.md §2.1, as loaded by config.ts. */
export interface TuningSettings {
  MAX_CPUS: number;
  SHARED_BUFFERS_SIZE: string;
  /** Unset = ceil(MAX_CPUS / 2). */
  MAX_WORKERS?: number;
  /** Unset = ceil(MAX_CPUS / 2). */
  MAX_WORKERS_PER_GATHER?: number;
  /** Unset = 25 % of RAM. */
  EFFECTIVE_CACHE_SIZE?: string;
  MAX_LOCKS_PER_TRANSACTION: number;
  JIT: boolean;
  STATS_TARGET: number;
}

/** Postgres parameter name → value, as written by ALTER SYSTEM. */
export type PostgresParams = Readonly<Record<string, string>>;

/** A Postgres memory size: an integer with an optional unit (kB, MB, GB, TB; case-sensitive as in Postgres). */
export const MEMORY_SIZE = /^\d+(kB|MB|GB|TB)?$/;

/** Fixed parameters of FlowKit's `pg_config_template.conf` (logging, WAL level and preload libraries left out). */
const FIXED: PostgresParams = {
  work_mem: '64MB',
  maintenance_work_mem: '2GB',
  max_connections: '200',
  wal_buffers: '16MB',
  checkpoint_completion_target: '0.9',
  checkpoint_timeout: '30min',
  min_wal_size: '4GB',
  max_wal_size: '12GB',
  geqo_effort: '10',
  effective_io_concurrency: '10',
  random_page_cost: '3.0',
};

/** Bytes as a Postgres size in whole megabytes, rounded up (FlowKit rounds up too). */
export function megabytes(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / 1024 ** 2))}MB`;
}

/**
 * FlowKit's Postgres parameters (`configurate.py` + `pg_config_template.conf`) from the tuning settings.
 * `totalMemoryBytes` is the RAM the default EFFECTIVE_CACHE_SIZE is taken from.
 */
export function computeTuning(settings: TuningSettings, host: { totalMemoryBytes: number }): PostgresParams {
  const cores = Math.max(1, settings.MAX_CPUS);
  const half = Math.max(1, Math.ceil(cores / 2));
  for (const [name, v] of [['SHARED_BUFFERS_SIZE', settings.SHARED_BUFFERS_SIZE], ['EFFECTIVE_CACHE_SIZE', settings.EFFECTIVE_CACHE_SIZE]]) {
    if (v !== undefined && !MEMORY_SIZE.test(v)) throw new TypeError(`${name} must be a Postgres size such as 16GB, got '${v}'`);
  }
  return {
    ...FIXED,
    shared_buffers: settings.SHARED_BUFFERS_SIZE,
    effective_cache_size: settings.EFFECTIVE_CACHE_SIZE ?? megabytes(0.25 * host.totalMemoryBytes),
    max_worker_processes: String(cores),
    max_parallel_workers: String(settings.MAX_WORKERS ?? half),
    max_parallel_workers_per_gather: String(settings.MAX_WORKERS_PER_GATHER ?? half),
    max_locks_per_transaction: String(settings.MAX_LOCKS_PER_TRANSACTION),
    jit: settings.JIT ? 'on' : 'off',
    default_statistics_target: String(settings.STATS_TARGET),
  };
}

export interface TuningResult {
  /** Parameters whose stored value (postgresql.auto.conf) differed and were (or, dry run, would be) set. */
  changed: string[];
  /** Changed parameters that only take effect after a Postgres restart. */
  restartRequired: string[];
}

const PARAM_NAME = /^[a-z_]+$/;
const PARAM_VALUE = /^[A-Za-z0-9.]+$/;

/**
 * Writes the parameters with ALTER SYSTEM (each its own statement, outside any transaction) and reloads the
 * configuration. Only parameters whose postgresql.auto.conf value differs are written. `dryRun` reports without
 * writing. Needs a superuser. ALTER SYSTEM accepts no bind parameters, so names and values are checked against
 * strict patterns and the value is additionally quoted with the driver's literal escaping.
 */
export async function applyTuning(db: Knex, params: PostgresParams, options: { dryRun?: boolean } = {}): Promise<TuningResult> {
  for (const [name, value] of Object.entries(params)) {
    if (!PARAM_NAME.test(name) || !PARAM_VALUE.test(value)) throw new TypeError(`Refusing Postgres parameter ${name}=${value}`);
  }
  const stored = await autoConfValues(db);
  const changed = Object.keys(params).filter((name) => stored.get(name) !== params[name]);
  if (!options.dryRun) {
    for (const name of changed) {
      await db.raw(`ALTER SYSTEM SET ?? = ${pg.escapeLiteral(params[name]!)}`, [name]);
    }
    if (changed.length > 0) await db.raw('SELECT pg_reload_conf()');
  }
  const restart: { name: string }[] = changed.length === 0
    ? []
    : (await db.raw(`SELECT name FROM pg_catalog.pg_settings WHERE context = 'postmaster' AND name = ANY (?)`, [changed])).rows;
  return { changed, restartRequired: restart.map((r) => r.name).sort() };
}

async function autoConfValues(db: Knex): Promise<Map<string, string>> {
  const { rows } = await db.raw(
    `SELECT name, setting
     FROM pg_catalog.pg_file_settings
     WHERE sourcefile LIKE '%postgresql.auto.conf'
     ORDER BY seqno`,
  );
  return new Map((rows as { name: string; setting: string }[]).map((r) => [r.name, r.setting]));
}
