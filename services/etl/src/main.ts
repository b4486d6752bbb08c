import type { Server } from 'node:http';
import { loadConfigOrExit, orExitOnConfigError } from '@flowdeck/config';
import { waitFor } from '@flowdeck/db';
import { createLogger } from '@flowdeck/log';
import { buildApp } from './app.js';
import { etlLogLevel, etlSettings } from './config.js';
import { closeDeps, createDeps } from './deps.js';
import { createPipeline, type Pipeline } from './pipeline.js';

const { values: config, sources, warnings } = loadConfigOrExit(etlSettings);
const log = createLogger({ service: 'etl', level: etlLogLevel(config), secrets: [config.AIRFLOW_CONN_FLOWDB, config.FLOWDB_POSTGRES_PASSWORD, config.FLOWETL_AIRFLOW_ADMIN_PASSWORD, config.FLOWETL_REDIS_PASSWORD || undefined] });
log.info({ sources }, 'config.loaded');
for (const warning of warnings) log.warn({ warning }, 'config.warning');

const deps = orExitOnConfigError(() => createDeps(config, log));
if (!deps.admin) log.warn({ unset: ['FLOWETL_AIRFLOW_ADMIN_USERNAME', 'FLOWETL_AIRFLOW_ADMIN_PASSWORD'] }, 'etl.monitor_disabled');
const app = buildApp(deps);
const server: Server = await new Promise((resolve) => {
  const s = app.listen(config.FLOWETL_PORT, config.LISTEN_ADDRESS, () => resolve(s));
});
log.info({ port: config.FLOWETL_PORT, address: config.LISTEN_ADDRESS }, 'etl.listening');

let pipeline: Pipeline;
try {
  pipeline = createPipeline(config, deps);
} catch (err) {
  process.stderr.write(`Configuration error:\n  ${(err as Error).message}\n`);
  process.exit(78);
}
await waitFor(() => deps.db.raw("SELECT to_regclass('etl.etl_records')::text AS t").then((r: { rows: { t: string | null }[] }) => {
  if (r.rows[0]?.t == null) throw new Error('FlowDB schema not migrated yet');
}), {
  deadlineMs: 300_000,
  onRetry: (err, delayMs) => log.warn({ err: (err as Error).message, delayMs }, 'etl.waiting_for_flowdb'),
});
pipeline.start();
log.info({ role: config.FLOWETL_ROLE }, 'etl.pipeline_started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'etl.stopping');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pipeline.close();
  await closeDeps(deps);
  log.info({}, 'etl.stopped');
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'etl.stop_failed');
        process.exit(1);
      },
    );
  });
}
