import { parsePrivateKeys, type SigningKey } from '@flowdeck/tokens';
import { KeyRing } from '@flowdeck/crypto';
import { createKnex, type Knex } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import type { AuthConfig } from './config.js';
import { PasswordHasher, type HashCost } from './adapters/password-hasher.js';
import { createReplayStore } from './adapters/replay/create-replay-store.js';
import { replayKeys, type ReplayKeys } from './adapters/replay/replay-keys.js';
import type { ReplayStore } from './adapters/replay/replay-store.js';
import { DEFAULT_SQLITE_PATH, parseDbUri, type DatabaseTarget } from './domain/db-uri.js';
import { createSqliteKnex } from './adapters/sqlite/create-sqlite-knex.js';
import { AuthMetrics } from './adapters/metrics/auth-metrics.js';
import { readVersion } from './version.js';

export interface Deps {
  config: AuthConfig;
  log: Logger;
  db: Knex;
  /** Which database DB_URI selected (`sqlite` when unset). */
  dbTarget: DatabaseTarget;
  replayStore: ReplayStore;
  replayKeys: ReplayKeys;
  /** First key signs; all are published (tokens.md §7). */
  signingKeys: readonly SigningKey[];
  keyRing: KeyRing;
  hasher: PasswordHasher;
  now: () => Date;
  version: string;
  /** Prometheus metrics of this app (own registry). */
  metrics: AuthMetrics;
}

export interface CreateDepsOptions {
  now?: () => Date;
  /** argon2 cost; tests lower it. */
  hashCost?: HashCost;
  /** Database pool bounds. */
  pool?: { min?: number; max?: number };
}

/**
 * Builds every dependency from the config. Throws TypeError for unusable keys or DB_URI (start-up misuse); opens
 * no connection yet (knex and the Redis store connect on first use).
 */
export function createDeps(config: AuthConfig, log: Logger, options: CreateDepsOptions = {}): Deps {
  const now = options.now ?? (() => new Date());
  const signingKeys = parsePrivateKeys(config.PRIVATE_JWT_SIGNING_KEY);
  const keyRing = KeyRing.fromSetting(config.FLOWAUTH_FERNET_KEY);
  const target: DatabaseTarget = config.DB_URI === undefined ? { kind: 'sqlite', path: DEFAULT_SQLITE_PATH } : parseDbUri(config.DB_URI, config.FLOWAUTH_DB_PASSWORD);
  const db =
    target.kind === 'sqlite'
      ? createSqliteKnex(target.path)
      : createKnex({ connection: target.url, pool: options.pool ?? { min: 0, max: 10 }, applicationName: 'flowdeck-auth' });
  const replayStore = createReplayStore({
    backend: config.FLOWAUTH_CACHE_BACKEND,
    file: config.FLOWAUTH_CACHE_FILE,
    redis: {
      host: config.FLOWAUTH_REDIS_HOST,
      port: config.FLOWAUTH_REDIS_PORT,
      db: config.FLOWAUTH_REDIS_DB,
      password: config.FLOWAUTH_REDIS_PASSWORD,
    },
    db,
    now,
  });
  return {
    config,
    log,
    db,
    dbTarget: target,
    replayStore,
    replayKeys: replayKeys(config.REDIS_KEY_PREFIX),
    signingKeys,
    keyRing,
    hasher: new PasswordHasher(options.hashCost),
    now,
    version: readVersion(),
    metrics: new AuthMetrics(),
  };
}

/** Closes in reverse order of creation; reports every failing step without skipping the rest. */
export async function closeDeps(deps: Deps): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['replay_store', () => deps.replayStore.close()],
    ['database', () => deps.db.destroy()],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      deps.log.error({ err, dependency: name }, 'deps.close_failed');
    }
  }
}
