import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mintToken, parsePrivateKeys } from '@flowdeck/tokens';
import { startApiProcess, type ApiProcess } from '../../../e2e/src/api-process.js';
import { BIG_RESULT_SCOPES, seedCompletedResult } from '../../../e2e/src/big-result.js';
import { freePorts } from '../../../e2e/src/free-ports.js';
import { createTestDatabase, TEST_ROLES, type TestDatabase } from '../../../test-support/flowdb.js';
import globalSetup from '../../../test-support/global-setup.js';
import { deleteRedisPrefix, testRedisPrefix } from '../../../test-support/redis.js';
import { runLoad, type LoadResult } from './load-generator.js';

// `pnpm bench:api`: authorized poll and get throughput and latency of the real api process (services/api/src/main.ts,
// logging at info as in production) against a bare express route doing the same token verification with the same key,
// measured in the same run on loopback. Prints one line per scenario and, last, one JSON object with every figure;
// ratios (api throughput / bare throughput) under keys ending in `_ratio`.

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REQUESTS = 4_000;
const WARMUP = 400;
const CONCURRENCY = 16;
const RESULT_ROWS = 20;
const AUD = 'bench_api_server';

let db: TestDatabase | undefined;
let prefix: string | undefined;
const procs: ApiProcess[] = [];

async function main(): Promise<void> {
  await globalSetup({ rootDir: REPO_ROOT });
  db = await createTestDatabase();
  prefix = testRedisPrefix();
  const queryId = await seedCompletedResult(db.knex, RESULT_ROWS);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const key = parsePrivateKeys(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())[0]!;
  const now = Math.floor(Date.now() / 1000);
  const token = mintToken({ key, sub: 'bench', aud: AUD, roles: { reader: BIG_RESULT_SCOPES }, now, expiresAt: now + 3600 }).token;
  const headers = { authorization: `Bearer ${token}` };

  const [apiPort, barePort] = await freePorts(2);
  const common = { PUBLIC_JWT_SIGNING_KEY: publicPem, FLOWAPI_IDENTIFIER: AUD, FLOWDECK_SECRETS_DIR: '/nonexistent-secrets-dir', NODE_ENV: 'production' };
  const apiProc = await startApiProcess({
    port: apiPort!,
    discardStdout: true,
    env: {
      ...common,
      LOG_LEVEL: 'info',
      FLOWAPI_FLOWDB_USER: TEST_ROLES.apiUser,
      FLOWAPI_FLOWDB_PASSWORD: TEST_ROLES.apiPassword,
      FLOWDB_HOST: '127.0.0.1',
      FLOWDB_PORT: '5432',
      FLOWDB_DATABASE: db.name,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: prefix,
    },
  });
  procs.push(apiProc);
  const bare = await startApiProcess({
    port: barePort!,
    discardStdout: true,
    entry: fileURLToPath(new URL('./bare-server.ts', import.meta.url)),
    env: common,
  });
  procs.push(bare);

  const scenarios: [string, string, number][] = [
    ['bare', `${bare.url}/bare/${queryId}`, 200],
    ['poll', `${apiProc.url}/api/0/poll/${queryId}`, 303],
    ['get', `${apiProc.url}/api/0/get/${queryId}`, 200],
  ];
  const results: Record<string, LoadResult> = {};
  for (const [name, url, expectStatus] of scenarios) {
    await runLoad({ url, headers, requests: WARMUP, concurrency: CONCURRENCY, expectStatus });
    const r = await runLoad({ url, headers, requests: REQUESTS, concurrency: CONCURRENCY, expectStatus });
    if (r.unexpected > 0) throw new Error(`${name}: ${r.unexpected} responses with a status other than ${expectStatus}`);
    results[name] = r;
    console.log(`${name.padEnd(5)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50_ms} ms  p95 ${r.p95_ms} ms  p99 ${r.p99_ms} ms  (${r.requests} requests, ${CONCURRENCY} concurrent)`);
  }
  const bareRps = results.bare!.rps;
  const figures: Record<string, number> = { requests: REQUESTS, concurrency: CONCURRENCY, result_rows: RESULT_ROWS };
  for (const [name, r] of Object.entries(results)) {
    figures[`${name}_rps`] = r.rps;
    figures[`${name}_p50_ms`] = r.p50_ms;
    figures[`${name}_p95_ms`] = r.p95_ms;
    figures[`${name}_p99_ms`] = r.p99_ms;
  }
  figures.poll_rps_ratio = Math.round((results.poll!.rps / bareRps) * 1000) / 1000;
  figures.get_rps_ratio = Math.round((results.get!.rps / bareRps) * 1000) / 1000;
  console.log(`poll/bare throughput ratio ${figures.poll_rps_ratio}, get/bare ${figures.get_rps_ratio}`);
  console.log(JSON.stringify(figures));
}

async function cleanup(): Promise<void> {
  for (const p of procs) await p.stop().catch(() => undefined);
  await db?.drop().catch(() => undefined);
  if (prefix !== undefined) await deleteRedisPrefix(prefix).catch(() => undefined);
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
