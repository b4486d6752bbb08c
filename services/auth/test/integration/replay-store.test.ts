import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnex, type Knex } from '@flowdeck/db';
import { deleteRedisPrefix, testRedisPrefix } from '../../../../test-support/redis.js';
import { createReplayStore } from '../../src/adapters/replay/create-replay-store.js';
import type { ReplayStore } from '../../src/adapters/replay/replay-store.js';
import { createTestDatabase, testConfig } from '../support/harness.js';
import { initialiseDatabase } from '../../src/actions/start-up.js';
import { PasswordHasher } from '../../src/adapters/password-hasher.js';
import { createLogger } from '@flowdeck/log';
import { KeyRing } from '@flowdeck/crypto';
import { Writable } from 'node:stream';
import { createSqliteKnex } from '../../src/adapters/sqlite/create-sqlite-knex.js';
import { migrateSqlite } from '../../src/adapters/sqlite/migrate-sqlite.js';
import { SQLITE_MIGRATIONS_DIR } from '../../src/actions/start-up.js';

const clock = { now: new Date('2030-01-01T00:00:00Z') };
const now = () => clock.now;
const prefix = testRedisPrefix();
const dir = mkdtempSync(join(tmpdir(), 'flowauth-replay-'));
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let knex: Knex;
let sqlite: Knex;
const stores: Record<string, ReplayStore> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  knex = createKnex({ connection: db.url, pool: { min: 0, max: 2 } });
  const config = testConfig({ DB_URI: db.url });
  const log = createLogger({ service: 'auth', level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  await initialiseDatabase({ db: knex, dbTarget: { kind: 'postgres', url: db.url }, config, log, hasher: new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }), keyRing: KeyRing.fromSetting(config.FLOWAUTH_FERNET_KEY) });
  const common = { file: join(dir, 'cache'), redis: { host: '127.0.0.1', port: 6379, db: 0, password: '' }, db: knex, now };
  for (const backend of ['memory', 'file', 'redis', 'database'] as const) stores[backend] = createReplayStore({ ...common, backend });
  sqlite = createSqliteKnex(join(dir, 'auth.db'));
  await migrateSqlite(sqlite, { dir: SQLITE_MIGRATIONS_DIR, mode: 'upgrade' });
  stores['database-sqlite'] = createReplayStore({ ...common, db: sqlite, backend: 'database' });
});
afterAll(async () => {
  for (const s of Object.values(stores)) await s.close();
  await knex?.destroy();
  await sqlite?.destroy();
  await db?.drop();
  await deleteRedisPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['memory', 'file', 'redis', 'database', 'database-sqlite'])('%s replay store', (backend) => {
  const key = (k: string) => `${prefix}:${backend}:${k}`;

  test('advanceStep is step-monotonic', async () => {
    const s = stores[backend]!;
    expect(await s.advanceStep(key('u1'), 100, 120)).toBe(true);
    expect(await s.advanceStep(key('u1'), 100, 120)).toBe(false);
    expect(await s.advanceStep(key('u1'), 99, 120)).toBe(false);
    expect(await s.advanceStep(key('u1'), 101, 120)).toBe(true);
    expect(await s.advanceStep(key('u2'), 5, 120)).toBe(true);
  });

  test('concurrent advanceStep for the same step: exactly one wins', async () => {
    const s = stores[backend]!;
    const results = await Promise.all(Array.from({ length: 8 }, () => s.advanceStep(key('race'), 7, 120)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('counters count, peek and reset', async () => {
    const s = stores[backend]!;
    expect(await s.peek(key('c'))).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect((await s.increment(key('c'), 60)).count).toBe(1);
    const second = await s.increment(key('c'), 60);
    expect(second.count).toBe(2);
    expect(second.retryAfterSeconds).toBeGreaterThan(0);
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await s.peek(key('c'))).count).toBe(2);
    await s.reset(key('c'));
    expect((await s.peek(key('c'))).count).toBe(0);
    await s.check();
  });
});
