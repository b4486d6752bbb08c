import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { totpCode } from '../../src/domain/totp.js';
import { ADMIN_PASSWORD, ADMIN_USERNAME, Browser, createTestDatabase, testPrivateKey } from '../support/harness.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const prefix = testRedisPrefix();
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const procs: ChildProcess[] = [];
const urls: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startProcess(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, FLOWAUTH_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  procs.push(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`auth exited ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/version`)).ok) return url;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`auth did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DB_URI: db.url,
    SECRET_KEY: 'shared-secret-key-0123456789',
    FLOWAUTH_FERNET_KEY: randomBytes(32).toString('base64'),
    PRIVATE_JWT_SIGNING_KEY: testPrivateKey(),
    FLOWAUTH_ADMIN_USERNAME: ADMIN_USERNAME,
    FLOWAUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FLOWAUTH_INSECURE_COOKIES: 'true',
    FLOWAUTH_CACHE_BACKEND: 'redis',
    FLOWAUTH_REDIS_HOST: '127.0.0.1',
    REDIS_KEY_PREFIX: prefix,
    TWO_FACTOR_VALID_WINDOW: '1',
    FLOWDECK_SECRETS_DIR: '/nonexistent-secrets-dir',
  };
  urls.push(await startProcess(env));
  urls.push(await startProcess(env));
}, 120_000);

afterAll(async () => {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGTERM');
        }),
    ),
  );
  await db?.drop();
  await deleteRedisPrefix(prefix);
}, 60_000);

test('with two auth processes sharing Redis, a TOTP code accepted by one is rejected by the other', async () => {
  const [a, b] = urls as [string, string];
  // Enrol 2FA for the admin through process A.
  const setup = new Browser(a);
  expect((await setup.signIn(ADMIN_USERNAME, ADMIN_PASSWORD)).status).toBe(200);
  const start = await setup.post('/user/enable_two_factor');
  const secret = new URL(start.body.provisioning_url as string).searchParams.get('secret')!;
  const confirm = await setup.post('/user/confirm_two_factor', {
    two_factor_code: totpCode(secret, new Date()),
    secret: start.body.secret,
    backup_codes_signature: start.body.backup_codes_signature,
  });
  expect(confirm.body).toEqual({ two_factor_enabled: true });

  // The code of the next step (accepted with TWO_FACTOR_VALID_WINDOW=1): A accepts it, then B refuses the replay.
  const code = totpCode(secret, new Date(Date.now() + 30_000));
  const onA = await new Browser(a).signIn(ADMIN_USERNAME, ADMIN_PASSWORD, code);
  expect(onA.status).toBe(200);
  const onB = await new Browser(b).signIn(ADMIN_USERNAME, ADMIN_PASSWORD, code);
  expect(onB.status).toBe(401);
  expect(onB.body).toEqual({ message: 'Code not valid.', code: 401 });
  // And the other way round gives the same answer on A (the store, not the process, remembers).
  const againOnA = await new Browser(a).signIn(ADMIN_USERNAME, ADMIN_PASSWORD, code);
  expect(againOnA.body).toEqual({ message: 'Code not valid.', code: 401 });
}, 60_000);
