import { cpus } from 'node:os';
import { bool, commonSettings, int, num, oneOf, port, str, type Setting } from '@flowdeck/config';
import { MEMORY_SIZE } from './tuning.js';

/** Makes a declaration optional: unset gives `undefined`. */
function optional<T>(setting: Setting<T>): Setting<T | undefined> {
  return { ...setting, default: undefined, optional: true };
}

/** A Postgres memory size such as `16GB` or `512MB`. */
function memorySize(o: { doc: string; default?: string; defaultText?: string }): Setting<string> {
  return {
    ...str(o),
    type: 'Postgres size (e.g. 16GB)',
    parse: (raw: string) => {
      const v = raw.trim();
      if (!MEMORY_SIZE.test(v)) throw new Error(`expected a Postgres size such as 16GB or 512MB, got '${raw}'`);
      return v;
    },
  };
}

/** Settings of services/flowdb (spec/deployment.md §2.1 and §3); keys are the exact setting names. */
export const flowdbSettings = {
  ...commonSettings,
  FLOWDB_POSTGRES_PASSWORD: str({ kind: 'secret', doc: 'Password of the FlowDB superuser (FLOWDB_SUPERUSER).' }),
  FLOWDB_SUPERUSER: str({ doc: 'Extension: name of the FlowDB superuser that runs migrations.', default: 'flowdb' }),
  FLOWMACHINE_FLOWDB_USER: str({ kind: 'secret', doc: 'Engine login role (member of flowdeck_engine).', default: 'flowmachine' }),
  FLOWMACHINE_FLOWDB_PASSWORD: str({ kind: 'secret', doc: 'Password of the engine login role, (re)set at every run.' }),
  FLOWAPI_FLOWDB_USER: str({ kind: 'secret', doc: 'API login role (member of flowdeck_api).', default: 'flowapi' }),
  FLOWAPI_FLOWDB_PASSWORD: str({ kind: 'secret', doc: 'Password of the API login role, (re)set at every run.' }),
  FLOWDB_HOST: str({ doc: 'FlowDB host.', default: 'localhost' }),
  FLOWDB_PORT: port({ doc: 'FlowDB port.', default: 9000 }),
  FLOWDB_DATABASE: str({ doc: 'Extension: FlowDB database name.', default: 'flowdb' }),
  CACHE_SIZE: optional(
    int({ doc: 'Cache budget in bytes; unset = one tenth of the free space of the data directory at first migration.', min: 0 }),
  ),
  CACHE_PROTECTED_PERIOD: int({ doc: 'Seconds a new cache entry cannot be evicted.', default: 86400, min: 0 }),
  CACHE_HALF_LIFE: num({ doc: 'Touches after which an old touch weighs half.', default: 1000, min: 1e-9 }),
  MAX_CPUS: int({
    doc: 'CPUs Postgres may use for parallel work (max_worker_processes).',
    default: () => Math.max(1, cpus().length - 1),
    defaultText: 'max(1, CPUs - 1)',
    min: 1,
  }),
  SHARED_BUFFERS_SIZE: memorySize({ doc: 'Postgres shared_buffers.', default: '16GB' }),
  MAX_WORKERS: optional(int({ doc: 'max_parallel_workers; unset = ceil(MAX_CPUS / 2).', min: 0 })),
  MAX_WORKERS_PER_GATHER: optional(int({ doc: 'max_parallel_workers_per_gather; unset = ceil(MAX_CPUS / 2).', min: 0 })),
  EFFECTIVE_CACHE_SIZE: optional(memorySize({ doc: 'effective_cache_size; unset = 25 % of RAM.' })),
  MAX_LOCKS_PER_TRANSACTION: int({ doc: 'max_locks_per_transaction.', default: 36500, min: 10 }),
  JIT: bool({ doc: 'Postgres JIT compilation.', default: false }),
  STATS_TARGET: int({ doc: 'default_statistics_target.', default: 10000, min: 1, max: 10000 }),
  FLOWDB_ENABLE_POSTGRES_DEBUG_MODE: bool({ doc: 'pldebugger support (not in the Flowdeck image; a warning when set).', default: false }),
  FLOWDB_APPLY_TUNING: bool({
    doc: 'Extension: apply the tuning parameters with ALTER SYSTEM at start (needs a Postgres restart for some).',
    default: false,
  }),
  DB_MIGRATION_MODE: oneOf(['upgrade', 'none'] as const, { doc: 'upgrade: apply migrations; none: only verify the schema.', default: 'upgrade' }),
  DB_RESET: bool({ doc: 'Drop and recreate the FlowDB schemas first (development only; refused in production).', default: false }),
} as const;
