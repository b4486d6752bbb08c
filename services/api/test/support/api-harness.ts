import { generateKeyPairSync } from 'node:crypto';
import type { Express } from 'express';
import { loadConfig } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { mintToken, parsePrivateKeys, type SigningKey } from '@flowdeck/tokens';
import { createTestDatabase, TEST_ROLES, type TestDatabase } from '../../../../test-support/flowdb.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { buildApp } from '../../src/app.js';
import { apiSettings } from '../../src/config.js';
import { closeDeps, createDeps, type Deps } from '../../src/deps.js';

export const AUDIENCE = 'TEST_SERVER';

/** One RSA key pair per test file (2048 bits keeps key generation fast). */
export function testKeyPair(): { key: SigningKey; publicPem: string; privatePem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const key = parsePrivateKeys(privatePem)[0];
  if (key === undefined) throw new TypeError('no key parsed');
  return { key, publicPem, privatePem };
}

export interface ApiHarness {
  app: Express;
  deps: Deps;
  db: TestDatabase;
  prefix: string;
  key: SigningKey;
  publicPem: string;
  /** Every log line written so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Raw log text, to check that nothing secret was logged. */
  logText(): string;
  /** A valid token for `roles` (sub TEST_USER, 1 h). */
  token(roles: Record<string, string[]>, opts?: { sub?: string; aud?: string; expiresAt?: number; now?: number; key?: SigningKey }): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  batchRows?: number;
  keyPair?: ReturnType<typeof testKeyPair>;
}

/** Test database (clone of the migrated template), own Redis prefix, deps and app as the api role. */
export async function startApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const { key, publicPem } = options.keyPair ?? testKeyPair();
  const db = await createTestDatabase();
  const prefix = testRedisPrefix();
  const lines: string[] = [];
  const log = createLogger({ service: 'api', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  const { values: config } = loadConfig(apiSettings, {
    secretsDir: '/nonexistent-secrets-dir',
    env: {
      PUBLIC_JWT_SIGNING_KEY: publicPem,
      FLOWAPI_IDENTIFIER: AUDIENCE,
      FLOWAPI_FLOWDB_USER: TEST_ROLES.apiUser,
      FLOWAPI_FLOWDB_PASSWORD: TEST_ROLES.apiPassword,
      FLOWDB_HOST: '127.0.0.1',
      FLOWDB_PORT: '5432',
      FLOWDB_DATABASE: db.name,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: prefix,
      ...options.env,
    },
  });
  const deps = await createDeps(config, log, { batchRows: options.batchRows });
  const app = buildApp(deps);
  return {
    app,
    deps,
    db,
    prefix,
    key,
    publicPem,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    logText: () => lines.join(''),
    token(roles, opts = {}) {
      const now = opts.now ?? Math.floor(Date.now() / 1000);
      return mintToken({
        key: opts.key ?? key,
        sub: opts.sub ?? 'TEST_USER',
        aud: opts.aud ?? AUDIENCE,
        roles,
        now,
        expiresAt: opts.expiresAt ?? now + 3600,
      }).token;
    },
    async close() {
      await closeDeps(deps);
      await db.drop();
      await deleteRedisPrefix(prefix);
    },
  };
}
