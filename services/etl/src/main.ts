import type { Server } from 'node:http';
import { ConfigError, loadConfigOrExit } from '@flowdeck/config';
import { waitFor } from '@flowdeck/db';
import { createLogger } from '@flowdeck/log';
import { buildApp } from './app.js';
import { etlLogLevel, etlSettings } from './config.js';
import { closeDeps, createDeps, type Deps } from './deps.js';
import { DirectoryScanner } from './workers/directory-scanner.js';

const { values: config, sources, warnings } = loadConfigOrExit(etlSettings);
const log = createLogger({ service: 'etl', level: etlLogLevel(config), secrets: [config.AIRFLOW_CONN_FLOWDB, config.FLOWDB_POSTGRES_PASSWORD] });
log.info({ sources }, 'config.loaded');
for (const warning of warnings) log.warn({ warning }, 'config.warning');

function createDepsOrExit(): Deps {
  try {
    return createDeps(config, log);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
      process.exit(78);
    }
    throw err;
  }
}
const deps = createDepsOrExit();
const app = buildApp(deps);
const server: Server = await new Promise((resolve) => {
  const s = app.listen(config.FLOWETL_PORT, config.LISTEN_ADDRESS, () => resolve(s));
});
log.info({ port: config.FLOWETL_PORT, address: config.LISTEN_ADDRESS }, 'etl.listening');

const scanner = new DirectoryScanner({ db: deps.db, dir: deps.etlDir, intervalMs: deps.scanIntervalMs, log });
await waitFor(() => deps.db.raw("SELECT to_regclass('etl.etl_records')::text AS t").then((r: { rows: { t: string | null }[] }) => {
  if (r.rows[0]?.t == null) throw new Error('FlowDB schema not migrated yet');
}), {
  deadlineMs: 300_000,
  onRetry: (err, delayMs) => log.warn({ err: (err as Error).message, delayMs }, 'etl.waiting_for_flowdb'),
});
scanner.start();

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'etl.stopping');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await scanner.close();
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
