import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { loadConfigOrExit } from '@flowdeck/config';
import { waitFor } from '@flowdeck/db';
import { createLogger } from '@flowdeck/log';
import { buildApp } from './app.js';
import { engineSettings } from './config.js';
import { closeDeps, createDeps, startBackground } from './deps.js';

/** Wiring only: config → logger → deps → wait for FlowDB and Redis → background workers → HTTP; SIGTERM closes. */
async function main(): Promise<void> {
  const { values: config, sources, warnings } = loadConfigOrExit(engineSettings);
  const log = createLogger({
    service: 'query-engine',
    level: config.FLOWMACHINE_LOG_LEVEL ?? config.LOG_LEVEL,
    secrets: [config.FLOWMACHINE_FLOWDB_PASSWORD, config.REDIS_PASSWORD],
  });
  log.info({ sources }, 'config.loaded');
  for (const w of warnings) log.warn({ warning: w }, 'config.warning');
  if (config.FLOWMACHINE_SERVER_DISABLE_DEPENDENCY_CACHING) log.warn('config.dependency_caching_disabled');
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  const deps = createDeps(config, log);
  const retryLog = (dependency: string) => (err: unknown, delayMs: number) =>
    log.warn({ dependency, delayMs, code: (err as { code?: string }).code }, 'startup.waiting_for_dependency');
  await waitFor(() => deps.stateDb.raw('SELECT 1'), { onRetry: retryLog('flowdb') });
  log.info({ host: config.FLOWDB_HOST, port: config.FLOWDB_PORT, database: config.FLOWDB_DATABASE }, 'startup.flowdb_ready');
  await waitFor(() => deps.queue.ping(), { onRetry: retryLog('redis') });
  log.info({ host: config.REDIS_HOST, port: config.REDIS_PORT }, 'startup.redis_ready');

  startBackground(deps);
  const app = buildApp(deps, { version });
  const server: Server = app.listen(config.FLOWMACHINE_PORT, config.LISTEN_ADDRESS, () =>
    log.info({ port: config.FLOWMACHINE_PORT, address: config.LISTEN_ADDRESS }, 'startup.listening'),
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutdown.started');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      await closeDeps(deps);
      log.info('shutdown.complete');
      process.exit(0);
    } catch {
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`query-engine failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
