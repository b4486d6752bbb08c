import { totalmem } from 'node:os';
import { loadConfigOrExit } from '@flowdeck/config';
import { createKnex, isConnectionError, waitFor } from '@flowdeck/db';
import { createLogger } from '@flowdeck/log';
import { flowdbSettings } from './config.js';
import { migrateFlowdb } from './migrate-flowdb.js';
import { applyTuning, computeTuning } from './tuning.js';

// One-shot: migrate FlowDB (and optionally tune it), then exit 0; any failure exits 1 with a clear message.
// (A configuration problem exits 78 from loadConfigOrExit.)
const { values: config, sources, warnings } = loadConfigOrExit(flowdbSettings);
const log = createLogger({
  service: 'flowdb',
  level: config.LOG_LEVEL,
  secrets: [config.FLOWDB_POSTGRES_PASSWORD, config.FLOWMACHINE_FLOWDB_PASSWORD, config.FLOWAPI_FLOWDB_PASSWORD],
});
log.info({ sources }, 'config loaded');
for (const w of warnings) log.warn(w);
if (config.FLOWDB_ENABLE_POSTGRES_DEBUG_MODE) log.warn('FLOWDB_ENABLE_POSTGRES_DEBUG_MODE is set but pldebugger is not part of FlowDB; ignored.');

const db = createKnex({
  connection: {
    host: config.FLOWDB_HOST,
    port: config.FLOWDB_PORT,
    user: config.FLOWDB_SUPERUSER,
    password: config.FLOWDB_POSTGRES_PASSWORD,
    database: config.FLOWDB_DATABASE,
  },
  pool: { min: 0, max: 2 },
  applicationName: 'flowdeck-flowdb',
});

try {
  await waitFor(() => db.raw('SELECT 1'), {
    onRetry: (err, delayMs) => {
      if (!isConnectionError(err)) throw err;
      log.warn({ host: config.FLOWDB_HOST, port: config.FLOWDB_PORT, delayMs }, 'waiting for flowdb');
    },
  });
  const result = await migrateFlowdb(db, {
    mode: config.DB_MIGRATION_MODE,
    reset: config.DB_RESET,
    nodeEnv: config.NODE_ENV,
    roles: {
      engineUser: config.FLOWMACHINE_FLOWDB_USER,
      enginePassword: config.FLOWMACHINE_FLOWDB_PASSWORD,
      apiUser: config.FLOWAPI_FLOWDB_USER,
      apiPassword: config.FLOWAPI_FLOWDB_PASSWORD,
    },
    cacheConfig: {
      halfLife: config.CACHE_HALF_LIFE,
      cacheSizeBytes: config.CACHE_SIZE,
      protectedPeriodSeconds: config.CACHE_PROTECTED_PERIOD,
    },
    onApplied: (file) => log.info(file, 'migration applied'),
  });
  if (result.measuredCacheSizeBytes !== undefined) log.info({ cacheSizeBytes: result.measuredCacheSizeBytes }, 'CACHE_SIZE default measured');
  log.info({ applied: result.applied, version: result.version, reset: config.DB_RESET }, 'flowdb schema current');
  if (config.FLOWDB_APPLY_TUNING) {
    const tuning = await applyTuning(db, computeTuning(config, { totalMemoryBytes: totalmem() }));
    log.info({ changed: tuning.changed }, 'postgres tuning applied');
    if (tuning.restartRequired.length > 0) {
      log.warn({ restartRequired: tuning.restartRequired }, 'restart postgres for these parameters to take effect');
    }
  }
} catch (err) {
  const code = (err as { code?: string }).code;
  log.fatal({ err, errorCode: code }, `flowdb migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  // Exit by draining the event loop, so the log lines are flushed.
  await db.destroy().catch(() => undefined);
}
