import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { loadConfigOrExit, orExitOnConfigError } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { buildApp } from './app.js';
import { authSettings, checkAuthConfig } from './config.js';
import { closeDeps, createDeps } from './deps.js';
import { initialiseDatabase } from './actions/start-up.js';
import { SessionJanitor } from './lifecycle/session-janitor.js';

/** Wiring only: config -> logger -> deps -> database -> app -> listen; SIGTERM closes the server, then deps. */
async function main(): Promise<void> {
  const { values: config, sources, warnings } = loadConfigOrExit(authSettings);
  orExitOnConfigError(() => checkAuthConfig(config));
  const log = createLogger({
    service: 'auth',
    level: config.FLOWAUTH_LOG_LEVEL ?? config.LOG_LEVEL,
    secrets: [config.SECRET_KEY, config.FLOWAUTH_FERNET_KEY, config.FLOWAUTH_ADMIN_PASSWORD, config.FLOWAUTH_DB_PASSWORD, config.FLOWAUTH_REDIS_PASSWORD],
  });
  log.info({ sources }, 'config.loaded');
  for (const w of warnings) log.warn({ warning: w }, 'config.warning');
  if (config.FLOWAUTH_INSECURE_COOKIES) log.warn('cookies.insecure');
  if (config.DB_RESET || config.RESET_FLOWAUTH_DB) log.warn('database.reset_enabled');

  const deps = createDeps(config, log);
  try {
    await initialiseDatabase(deps);
  } catch (err) {
    log.fatal({ err }, 'startup.failed');
    await closeDeps(deps);
    process.exit(1);
  }
  const janitor = new SessionJanitor(deps).start();
  const app = buildApp(deps);
  const cert = config['cert-flowkit.pem'];
  const key = config['key-flowkit.pem'];
  const options = { maxHeaderSize: 64 * 1024 };
  const server: Server = cert !== undefined && key !== undefined ? createHttpsServer({ ...options, cert, key }, app) : createHttpServer(options, app);
  if (cert === undefined) log.warn('tls.disabled: communications with auth are NOT SECURE unless a gateway terminates TLS');
  server.listen(config.FLOWAUTH_PORT, config.LISTEN_ADDRESS, () => {
    log.info({ port: config.FLOWAUTH_PORT, address: config.LISTEN_ADDRESS, tls: cert !== undefined, version: deps.version }, 'server.listening');
  });
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'server.closing');
    server.close(() => {
      void janitor
        .close()
        .then(() => closeDeps(deps))
        .then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`auth failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
