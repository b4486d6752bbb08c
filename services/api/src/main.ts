import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { loadConfigOrExit } from '@flowdeck/config';
import { waitFor } from '@flowdeck/db';
import { createLogger } from '@flowdeck/log';
import { buildApp } from './app.js';
import { apiLogLevel, apiSettings } from './config.js';
import { closeDeps, createDeps } from './deps.js';

/** Header sections up to 64 KiB: FlowKit tokens with many scopes reach ~24 000 characters (spec/api.md §1). */
const MAX_HEADER_BYTES = 65_536;

const { values: config, warnings } = loadConfigOrExit(apiSettings);
const log = createLogger({
  service: 'api',
  level: apiLogLevel(config),
  secrets: [config.FLOWAPI_FLOWDB_PASSWORD, config.REDIS_PASSWORD, config['key-flowkit.pem']],
});
for (const warning of warnings) log.warn({ warning }, 'config.warning');

const deps = await createDeps(config, log);
const app = buildApp(deps);

// The api listens at once (its /health says what is missing) and says in the log what it is waiting for, instead of
// crash-looping while FlowDB or Redis come up.
const retryLog = (dependency: string) => (err: unknown, delayMs: number) =>
  log.warn({ dependency, delayMs, code: (err as { code?: string }).code }, 'startup.waiting_for_dependency');
const DAY_MS = 86_400_000;
let stopping = false;
void (async () => {
  await waitFor(() => deps.pool.query('SELECT 1'), { deadlineMs: DAY_MS, unref: true, onRetry: retryLog('flowdb') });
  log.info({ host: config.FLOWDB_HOST, port: config.FLOWDB_PORT, database: config.FLOWDB_DATABASE }, 'startup.flowdb_ready');
  await waitFor(() => deps.redis.ping(), { deadlineMs: DAY_MS, unref: true, onRetry: retryLog('redis') });
  log.info({ host: config.REDIS_HOST, port: config.REDIS_PORT }, 'startup.redis_ready');
})().catch((err: unknown) => {
  if (!stopping) log.error({ err }, 'startup.dependency_unavailable');
});

const cert = config['cert-flowkit.pem'];
const key = config['key-flowkit.pem'];
let server: Server;
if (cert !== undefined && key !== undefined) {
  server = createHttpsServer({ cert, key, maxHeaderSize: MAX_HEADER_BYTES }, app);
} else {
  log.warn('No TLS certificate and key (cert-flowkit.pem, key-flowkit.pem): communications are NOT SECURE.');
  server = createHttpServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
}
server.listen(config.FLOWAPI_PORT, config.LISTEN_ADDRESS, () => {
  log.info({ address: config.LISTEN_ADDRESS, port: config.FLOWAPI_PORT, tls: cert !== undefined && key !== undefined }, 'api.listening');
});

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'api.stopping');
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await closeDeps(deps);
  log.info('api.stopped');
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
