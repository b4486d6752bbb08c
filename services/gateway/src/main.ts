import { loadConfigOrExit, orExitOnConfigError } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { buildApp } from './app.js';
import { gatewayLogLevel, gatewaySettings } from './config.js';
import { closeDeps, createDeps } from './deps.js';
import { startListeners } from './server.js';

const { values: config, sources, warnings } = loadConfigOrExit(gatewaySettings);
const log = createLogger({
  service: 'gateway',
  level: gatewayLogLevel(config),
  secrets: [config.GATEWAY_REDIS_PASSWORD, config['key-flowkit.pem']],
});
log.info({ sources }, 'config.loaded');
for (const warning of warnings) log.warn({ warning }, 'config.warning');

const deps = orExitOnConfigError(() => createDeps(config, log));
const app = buildApp({
  log,
  version: deps.version,
  tls: deps.tlsMode.tls,
  maxBodyBytes: deps.maxBodyBytes,
  rateLimiter: deps.rateLimiter,
  upstreams: deps.upstreams,
});
const running = await startListeners(app, {
  tlsMode: deps.tlsMode,
  listenAddress: config.LISTEN_ADDRESS,
  ports: { api: config.GATEWAY_API_PORT, auth: config.GATEWAY_AUTH_PORT, etl: config.GATEWAY_ETL_PORT },
  log,
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'gateway.stopping');
  await running.close();
  await closeDeps(deps);
  log.info({}, 'gateway.stopped');
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'gateway.stop_failed');
        process.exit(1);
      },
    );
  });
}
