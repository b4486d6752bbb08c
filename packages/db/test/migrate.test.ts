import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnex, migrate, MigrationError, type Knex } from '@flowdeck/db';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `flowdeck_t_${randomBytes(6).toString('hex')}`;
const url = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const LOCK = 991_001n;
let admin: Knex;
const opened: Knex[] = [];

function connect(): Knex {
  const k = createKnex({ connection: url, pool: { max: 2 } });
  opened.push(k);
  return k;
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

const v1 = {
  '0001_create_things.sql': 'CREATE SCHEMA things; CREATE TABLE things.thing (id int PRIMARY KEY, name text);',
  '0002_seed.sql': "INSERT INTO things.thing VALUES (1, 'one');",
};

beforeAll(async () => {
  admin = createKnex({ connection: ADMIN_URL, pool: { max: 1 } });
  await admin.raw(`CREATE DATABASE ${dbName}`);
});

afterAll(async () => {
  await Promise.all(opened.map((k) => k.destroy()));
  await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.destroy();
});

describe('migrate', () => {
  it('lets two migrators started at once leave one correct schema and no error', async () => {
    const dir = migrationsDir(v1);
    const opts = { dir, table: 'public.test_migrations', lockKey: LOCK, mode: 'upgrade' as const };
    const [a, b] = await Promise.all([migrate(connect(), opts), migrate(connect(), opts)]);
    expect([...a.applied, ...b.applied].sort()).toEqual([1, 2]);
    expect(a.version).toBe(2);
    const k = connect();
    expect(await k('things.thing').select('*')).toEqual([{ id: 1, name: 'one' }]);
    expect((await k('public.test_migrations').count('* as n'))[0]).toEqual({ n: '2' });
  });

  it('applies only what is pending on the next run', async () => {
    const dir = migrationsDir({ ...v1, '0003_more.sql': "INSERT INTO things.thing VALUES (3, 'three');" });
    const result = await migrate(connect(), { dir, table: 'public.test_migrations', lockKey: LOCK, mode: 'upgrade' });
    expect(result).toEqual({ applied: [3], version: 3 });
  });

  it('refuses to start in mode none when a migration is pending', async () => {
    const dir = migrationsDir({ ...v1, '0003_more.sql': "INSERT INTO things.thing VALUES (3, 'three');", '0004_x.sql': 'SELECT 1;' });
    await expect(migrate(connect(), { dir, table: 'public.test_migrations', lockKey: LOCK, mode: 'none' })).rejects.toMatchObject({
      code: 'SCHEMA_OUTDATED',
    });
  });

  it('refuses a migration changed after it was applied', async () => {
    const dir = migrationsDir({ ...v1, '0002_seed.sql': "INSERT INTO things.thing VALUES (2, 'two');" });
    const run = migrate(connect(), { dir, table: 'public.test_migrations', lockKey: LOCK, mode: 'upgrade' });
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toMatchObject({ code: 'MIGRATION_CHANGED' });
  });

  it('rolls back everything when a migration fails', async () => {
    const dir = migrationsDir({ ...v1, '0003_more.sql': "INSERT INTO things.thing VALUES (3, 'three');", '0004_bad.sql': 'INSERT INTO things.thing VALUES (4, 1, 2, 3);', '0005_never.sql': "INSERT INTO things.thing VALUES (5, 'five');" });
    await expect(migrate(connect(), { dir, table: 'public.test_migrations', lockKey: LOCK, mode: 'upgrade' })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
    expect((await connect()('things.thing').pluck('id')).sort()).toEqual([1, 3]);
  });

  it('drops the listed schemas first when asked to reset', async () => {
    const dir = migrationsDir(v1);
    await connect()('things.thing').insert({ id: 99, name: 'extra' });
    const result = await migrate(connect(), { dir, table: 'public.test_migrations', lockKey: LOCK, mode: 'upgrade', resetSchemas: ['things'] });
    expect(result.applied).toEqual([1, 2]);
    expect(await connect()('things.thing').pluck('id')).toEqual([1]);
  });
});
