import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  ensureLocalDatabases,
  ensureLocalSecrets,
  localLayout,
  startServices,
  stopServices,
  waitUntilHealthy,
  type LocalSecrets,
  type PlatformOptions,
} from '@flowdeck/client';
import { freePorts } from './free-ports.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestPlatform {
  options: PlatformOptions;
  secrets: LocalSecrets;
  ca: string;
  flowdbUrl: string;
  stop(): Promise<void>;
}

/**
 * A whole platform for one e2e test file: fresh secrets (2048-bit keys for speed), its own FlowDB clone of the
 * migrated template, its own auth database, its own Redis prefix and free ports; the five services as processes.
 */
export async function startTestPlatform(options: {
  flowdbDatabase: string;
  etlDir: string;
  extraEnv?: PlatformOptions['extraEnv'];
}): Promise<TestPlatform> {
  const root = mkdtempSync(join(tmpdir(), 'flowdeck-e2e-'));
  const layout = { ...localLayout(root), etlDir: options.etlDir };
  const secrets = ensureLocalSecrets(layout.secretsDir, { certBits: 2048, jwtBits: 2048 });
  const suffix = randomBytes(5).toString('hex');
  const authDatabase = `flowauth_t_${suffix}`;
  await ensureLocalDatabases({
    adminUrl: ADMIN_URL,
    flowdbDatabase: options.flowdbDatabase,
    flowdbPassword: secrets.read('FLOWDB_POSTGRES_PASSWORD'),
    authDatabase,
    authPassword: secrets.read('FLOWAUTH_DB_PASSWORD'),
  });
  const [api, auth, engine, etl, gatewayApi, gatewayAuth] = await freePorts(6);
  const platform: PlatformOptions = {
    repoRoot: REPO_ROOT,
    layout,
    ports: { api: api!, auth: auth!, engine: engine!, etl: etl!, gatewayApi: gatewayApi!, gatewayAuth: gatewayAuth! },
    flowdbDatabase: options.flowdbDatabase,
    authDatabase,
    redisPrefix: `test:${suffix}`,
    logLevel: 'info',
    extraEnv: options.extraEnv,
  };
  startServices(platform);
  const stop = async (): Promise<void> => {
    await stopServices(platform);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${authDatabase} WITH (FORCE)`);
    await admin.end();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(platform, 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    options: platform,
    secrets,
    ca: secrets.read('cert-flowkit.pem') + '\n',
    flowdbUrl: `postgres://postgres@127.0.0.1:5432/${options.flowdbDatabase}`,
    stop,
  };
}
