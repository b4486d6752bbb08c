/**
 * Jest globalSetup: makes sure the migrated template database `flowdeck_template` exists and is current, so every
 * test file can clone it (test-support/flowdb.ts createTestDatabase). Runs once per Jest invocation.
 *
 * Jest loads this file as CommonJS outside its module system, so it imports nothing from the workspace: the
 * template is built by running services/flowdb/src/main.ts in a child process (the real migration path) against a
 * fresh database with a temporary name, which is then renamed into place. The template carries a fingerprint of
 * the migration and SQL files in its comment; when it matches, the template is reused (other Jest runs of the same
 * checkout may be cloning it right now). Concurrent setups serialise on an advisory lock in database `postgres`.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knexFactory from 'knex';

const TEMPLATE = 'flowdeck_template';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SETUP_LOCK = '7346112901223099';

function fingerprint(rootDir: string): string {
  const hash = createHash('sha256');
  for (const dir of ['services/flowdb/migrations', 'services/flowdb/src/sql']) {
    for (const f of readdirSync(join(rootDir, dir)).filter((n) => n.endsWith('.sql')).sort()) {
      hash.update(`${dir}/${f}\n`).update(readFileSync(join(rootDir, dir, f)));
    }
  }
  return `flowdeck-template:${hash.digest('hex').slice(0, 32)}`;
}

async function buildDatabase(rootDir: string, name: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(rootDir, 'services/flowdb/src/main.ts')],
    {
      cwd: rootDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        FLOWDB_HOST: '127.0.0.1',
        FLOWDB_PORT: '5432',
        FLOWDB_DATABASE: name,
        FLOWDB_SUPERUSER: 'postgres',
        FLOWDB_POSTGRES_PASSWORD: 'unused-trust-auth',
        FLOWMACHINE_FLOWDB_USER: 'flowmachine',
        FLOWMACHINE_FLOWDB_PASSWORD: 'flowmachine-test-password',
        FLOWAPI_FLOWDB_USER: 'flowapi',
        FLOWAPI_FLOWDB_PASSWORD: 'flowapi-test-password',
        CACHE_SIZE: String(10 * 1024 ** 3),
        CACHE_HALF_LIFE: '1000',
        CACHE_PROTECTED_PERIOD: '86400',
      },
      timeout: 120_000,
    },
  ).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`Building the FlowDB test template failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  });
}

export default async function globalSetup(globalConfig: { rootDir: string }): Promise<void> {
  const rootDir = globalConfig.rootDir;
  const wanted = fingerprint(rootDir);
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 1, max: 1 } });
  try {
    await admin.raw('SELECT pg_advisory_lock(?::bigint)', [SETUP_LOCK]);
    const { rows } = await admin.raw(
      `SELECT shobj_description(d.oid, 'pg_database') AS comment
       FROM pg_catalog.pg_database AS d
       WHERE d.datname = ?`,
      [TEMPLATE],
    );
    if (rows[0]?.comment === wanted) return;

    const building = `flowdeck_tb_${randomBytes(6).toString('hex')}`;
    await admin.raw('CREATE DATABASE ??', [building]);
    try {
      await buildDatabase(rootDir, building);
      // COMMENT takes no bind parameters; the fingerprint is a fixed prefix and hex digits.
      if (!/^flowdeck-template:[0-9a-f]+$/.test(wanted)) throw new Error('bad template fingerprint');
      await admin.raw(`COMMENT ON DATABASE ?? IS '${wanted}'`, [building]);
    } catch (err) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [building]);
      throw err;
    }
    const old = `flowdeck_told_${randomBytes(6).toString('hex')}`;
    if (rows.length > 0) await retryBusy(() => admin.raw('ALTER DATABASE ?? RENAME TO ??', [TEMPLATE, old]));
    await retryBusy(() => admin.raw('ALTER DATABASE ?? RENAME TO ??', [building, TEMPLATE]));
    if (rows.length > 0) await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [old]);
  } finally {
    await admin.raw('SELECT pg_advisory_unlock(?::bigint)', [SETUP_LOCK]).catch(() => undefined);
    await admin.destroy();
  }
}

async function retryBusy(fn: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      await fn();
      return;
    } catch (err) {
      if (!/being accessed by other users/.test((err as Error).message) || Date.now() + delay > deadline) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
