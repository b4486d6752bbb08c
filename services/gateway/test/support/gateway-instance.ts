import type { DestinationStream } from 'pino';
import { loadConfig } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { buildApp } from '../../src/app.js';
import { gatewaySettings } from '../../src/config.js';
import { closeDeps, createDeps, waitForRedis } from '../../src/deps.js';
import { startListeners } from '../../src/server.js';

export interface TestGateway {
  apiPort: number;
  authPort: number;
  etlPort?: number;
  logLines: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A gateway instance as main.ts wires it, with settings from `env` and secrets (TLS PEMs) from `secretsDir`. */
export async function startGateway(env: Record<string, string>, options: { secretsDir: string; now?: () => Date; waitForRedis?: boolean }): Promise<TestGateway> {
  const { values: config } = loadConfig(gatewaySettings, {
    env: { NODE_ENV: 'test', LISTEN_ADDRESS: '127.0.0.1', GATEWAY_API_PORT: '0', GATEWAY_AUTH_PORT: '0', GATEWAY_REDIS_HOST: '127.0.0.1', ...env },
    secretsDir: options.secretsDir,
  });
  const logLines: Record<string, unknown>[] = [];
  const destination: DestinationStream = { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) };
  const log = createLogger({ service: 'gateway', level: 'info', destination });
  const deps = createDeps(config, log, { now: options.now });
  if (options.waitForRedis !== false) await waitForRedis(deps);
  const app = buildApp({ log, version: deps.version, tls: deps.tlsMode.tls, maxBodyBytes: deps.maxBodyBytes, rateLimiter: deps.rateLimiter, upstreams: deps.upstreams });
  const running = await startListeners(app, {
    tlsMode: deps.tlsMode,
    listenAddress: config.LISTEN_ADDRESS,
    ports: { api: config.GATEWAY_API_PORT, auth: config.GATEWAY_AUTH_PORT, etl: config.GATEWAY_ETL_PORT },
    log,
  });
  return {
    apiPort: running.ports.api ?? 0,
    authPort: running.ports.auth ?? 0,
    etlPort: running.ports.etl,
    logLines,
    close: async () => {
      await running.close({ graceMs: 0 });
      await closeDeps(deps);
    },
  };
}
