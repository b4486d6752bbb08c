import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { loadConfig } from '@flowdeck/config';
import { createKnex } from '@flowdeck/db';
import { createLogger } from '@flowdeck/log';
import { authSettings, type AuthConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { closeDeps, createDeps, type Deps } from '../../src/deps.js';
import { initialiseDatabase } from '../../src/actions/start-up.js';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'correct horse battery staple 42!';
/** A password with zxcvbn score 4. */
export const STRONG_PASSWORD = 'Tr0ub4dor&3xyzzyPLUGH';

const PG = 'postgres://postgres@127.0.0.1:5432';

/** The storage backends every REST test file runs against (deployment.md §2.5). */
export const AUTH_TEST_BACKENDS = ['postgres', 'sqlite'] as const;
export type AuthTestBackend = (typeof AUTH_TEST_BACKENDS)[number];

/**
 * A fresh auth database: Postgres `flowauth_t_<random>`, or a SQLite file in a temporary directory (DB_URI
 * `sqlite:///<absolute path>`); `drop()` removes it (only the one this file created).
 */
export async function createTestDatabase(
  backend: AuthTestBackend = 'postgres',
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flowauth-sqlite-'));
    const path = join(dir, 'auth.db');
    return {
      name: path,
      url: `sqlite:///${path}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `flowauth_t_${randomBytes(6).toString('hex')}`;
  const admin = createKnex({ connection: `${PG}/postgres`, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  return {
    name,
    url: `${PG}/${name}`,
    drop: async () => {
      const k = createKnex({ connection: `${PG}/postgres`, pool: { min: 0, max: 1 } });
      try {
        await k.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await k.destroy();
      }
    },
  };
}

let cachedKey: string | undefined;
/** A 2048-bit RSA private key (PKCS#8 PEM), generated once per test file. */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return cachedKey;
}

/** A loaded config for tests; `env` overrides any setting. */
export function testConfig(env: Record<string, string>): AuthConfig {
  return loadConfig(authSettings, {
    env: {
      SECRET_KEY: 'test-secret-key-0123456789',
      FLOWAUTH_FERNET_KEY: randomBytes(32).toString('base64'),
      PRIVATE_JWT_SIGNING_KEY: testPrivateKey(),
      FLOWAUTH_ADMIN_USERNAME: ADMIN_USERNAME,
      FLOWAUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FLOWAUTH_INSECURE_COOKIES: 'true',
      FLOWAUTH_CACHE_BACKEND: 'memory',
      NODE_ENV: 'test',
      ...env,
    },
    secretsDir: '/nonexistent-secrets-dir',
  }).values;
}

/** Captured log lines (JSON objects) of one app. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    for (const line of chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    cb();
  }
}

export interface TestAuth {
  app: Express;
  deps: Deps;
  logs: LogCapture;
  clock: { now: Date };
  close: () => Promise<void>;
}

/** Builds deps against `dbUrl`, runs the start-up sequence and builds the app; the clock is settable. */
export async function startAuth(
  dbUrl: string,
  env: Record<string, string> = {},
  opts: { clock?: { now: Date } } = {},
): Promise<TestAuth> {
  const config = testConfig({ DB_URI: dbUrl, ...env });
  const logs = new LogCapture();
  const log = createLogger({
    service: 'auth',
    level: 'debug',
    destination: logs,
    secrets: [config.SECRET_KEY, config.FLOWAUTH_ADMIN_PASSWORD],
  });
  const clock = opts.clock ?? { now: new Date() };
  const deps = createDeps(config, log, {
    now: () => clock.now,
    hashCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
    pool: { min: 0, max: 4 },
  });
  await initialiseDatabase(deps, { waitDeadlineMs: 5_000 });
  return { app: buildApp(deps), deps, logs, clock, close: () => closeDeps(deps) };
}

/** Reads one cookie value from a response's Set-Cookie headers. */
export function cookieFrom(res: request.Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const c = (raw ?? []).find((s) => s.startsWith(`${name}=`));
  return c === undefined ? undefined : decodeURIComponent(c.slice(name.length + 1).split(';')[0]!);
}

/** A browser-like client: keeps cookies and sends the X-CSRF cookie back as X-CSRF-Token on mutating requests. */
export class Browser {
  readonly agent: ReturnType<typeof request.agent>;
  csrf: string | undefined;
  constructor(app: Express | string) {
    this.agent = request.agent(app);
  }

  async send(
    method: 'get' | 'post' | 'patch' | 'put' | 'delete',
    path: string,
    body?: unknown,
    opts: { csrf?: string | false } = {},
  ): Promise<request.Response> {
    let t = this.agent[method](path);
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (method !== 'get' && token !== false && token !== undefined) t = t.set('X-CSRF-Token', token);
    if (body !== undefined) t = t.send(body as object);
    const res = await t;
    const csrf = cookieFrom(res, 'X-CSRF');
    if (csrf !== undefined) this.csrf = csrf;
    return res;
  }
  get(path: string): Promise<request.Response> {
    return this.send('get', path);
  }
  post(path: string, body?: unknown, opts?: { csrf?: string | false }): Promise<request.Response> {
    return this.send('post', path, body ?? {}, opts);
  }
  patch(path: string, body?: unknown, opts?: { csrf?: string | false }): Promise<request.Response> {
    return this.send('patch', path, body ?? {}, opts);
  }
  delete(path: string, opts?: { csrf?: string | false }): Promise<request.Response> {
    return this.send('delete', path, undefined, opts);
  }
  async signIn(username: string, password: string, twoFactorCode?: string): Promise<request.Response> {
    return this.post('/signin', {
      username,
      password,
      ...(twoFactorCode === undefined ? {} : { two_factor_code: twoFactorCode }),
    });
  }
}

/** Signs in as the configured admin and returns the browser. */
export async function adminBrowser(app: Express): Promise<Browser> {
  const b = new Browser(app);
  const res = await b.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
  if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return b;
}

/** Test data through the API: a server with scopes, a role, a user holding it. */
export async function seedServerRoleUser(
  admin: Browser,
  o: {
    server?: string;
    scopes?: Record<string, boolean>;
    serverLifeMinutes?: number;
    serverLatest?: string | null;
    role?: string;
    roleScopes?: string[];
    roleLifeMinutes?: number;
    roleLatest?: string | null;
    username?: string;
  } = {},
): Promise<{
  serverId: number;
  roleId: number;
  userId: number;
  username: string;
  scopeIds: Record<string, number>;
}> {
  const serverName = o.server ?? `server_${randomBytes(3).toString('hex')}`;
  const scopes = o.scopes ?? { get_result: true, run: true, 'admin0:geography:geography': true };
  let res = await admin.post('/admin/servers', {
    name: serverName,
    longest_token_life_minutes: o.serverLifeMinutes ?? 1440,
    latest_token_expiry: o.serverLatest ?? null,
  });
  if (res.status !== 200) throw new Error(`server: ${res.status} ${JSON.stringify(res.body)}`);
  const serverId = res.body.id as number;
  res = await admin.post(`/admin/servers/${serverId}/scopes`, scopes);
  if (res.status !== 200) throw new Error(`scopes: ${res.status} ${JSON.stringify(res.body)}`);
  const scopeIds = Object.fromEntries(
    (res.body as { id: number; name: string }[]).map((s) => [s.name, s.id]),
  );
  const username = o.username ?? `user_${randomBytes(3).toString('hex')}`;
  res = await admin.post('/admin/users', { username, password: STRONG_PASSWORD });
  if (res.status !== 200) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  const userId = res.body.id as number;
  res = await admin.post('/roles/', {
    name: o.role ?? 'runner',
    server_id: serverId,
    scopes: (o.roleScopes ?? Object.keys(scopes)).map((n) => scopeIds[n]),
    users: [userId],
    latest_token_expiry: o.roleLatest ?? null,
    longest_token_life_minutes: o.roleLifeMinutes ?? 60,
  });
  if (res.status !== 200) throw new Error(`role: ${res.status} ${JSON.stringify(res.body)}`);
  return { serverId, roleId: res.body.id as number, userId, username, scopeIds };
}
