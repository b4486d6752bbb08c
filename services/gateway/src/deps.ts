import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { Logger } from '@flowdeck/log';
import { RateLimiter } from './adapters/redis/rate-limiter.js';
import { createUpstream, type Upstream } from './adapters/upstream.js';
import { maxRequestBytes, type GatewayConfig } from './config.js';
import { resolveTlsMode, type TlsMode } from './domain/tls-mode.js';

/** Everything the gateway holds; `closeDeps` releases it in reverse order. */
export interface Deps {
  config: GatewayConfig;
  log: Logger;
  now: () => Date;
  version: string;
  tlsMode: TlsMode;
  maxBodyBytes: number;
  redis: Redis;
  rateLimiter: RateLimiter;
  upstreams: { api: Upstream; auth: Upstream; etl?: Upstream };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * Builds the gateway's dependencies. Throws `ConfigError` when the TLS settings are unusable (see
 * `resolveTlsMode`); logs one warn line when serving plain HTTP in development. Does not wait for Redis: the rate
 * limiter fails open until it connects.
 */
export function createDeps(config: GatewayConfig, log: Logger, options: { now?: () => Date } = {}): Deps {
  const tlsMode = resolveTlsMode({ cert: config['cert-flowkit.pem'], key: config['key-flowkit.pem'], nodeEnv: config.NODE_ENV });
  if (!tlsMode.tls) log.warn({ setting: 'cert-flowkit.pem' }, 'gateway.tls_disabled_development');
  const now = options.now ?? (() => new Date());
  const extraCa = tlsMode.tls ? tlsMode.cert : undefined;
  const upstreams = {
    api: createUpstream('api', config.GATEWAY_API_URL, { extraCa }),
    auth: createUpstream('auth', config.GATEWAY_AUTH_URL, { extraCa }),
    etl: config.GATEWAY_ETL_PORT !== undefined ? createUpstream('etl', config.GATEWAY_ETL_URL, { extraCa }) : undefined,
  };
  const redis = new Redis({
    host: config.GATEWAY_REDIS_HOST,
    port: config.GATEWAY_REDIS_PORT,
    password: config.GATEWAY_REDIS_PASSWORD,
    // Fail fast while Redis is down instead of queueing: the limiter fails open (see RateLimiter).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
    connectionName: 'flowdeck-gateway',
    // ioredis waits this long for a never-connected socket to close on disconnect (default 2 s).
    disconnectTimeout: 200,
  });
  const rateLimiter = new RateLimiter({
    redis,
    keyPrefix: config.REDIS_KEY_PREFIX,
    subjectLimitPerMinute: config.GATEWAY_RATE_LIMIT_PER_MINUTE,
    addressLimitPerMinute: config.GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE,
    now,
    log,
  });
  // Connection errors are reported (throttled) by the limiter; without a listener ioredis prints every retry.
  redis.on('error', (err: unknown) => rateLimiter.reportUnavailable(err));
  return { config, log, now, version: packageVersion(), tlsMode, maxBodyBytes: maxRequestBytes(config), redis, rateLimiter, upstreams };
}

/** Resolves once the rate-limit Redis is connected (tests; production does not wait, it fails open). */
export async function waitForRedis(deps: Pick<Deps, 'redis'>): Promise<void> {
  if (deps.redis.status === 'ready') return;
  await new Promise<void>((resolve) => deps.redis.once('ready', () => resolve()));
}

/** Releases the dependencies in reverse order of creation; never throws half-way. */
export async function closeDeps(deps: Deps): Promise<void> {
  if (deps.redis.status === 'ready') {
    try {
      await deps.redis.quit();
    } catch (err) {
      deps.log.warn({ err }, 'gateway.redis_close_failed');
      deps.redis.disconnect();
    }
  } else {
    // Not connected (Redis down): QUIT cannot be sent; stop the reconnection loop instead.
    deps.redis.disconnect();
  }
  for (const upstream of [deps.upstreams.etl, deps.upstreams.auth, deps.upstreams.api]) upstream?.close();
}
