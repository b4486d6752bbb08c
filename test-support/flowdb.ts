import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { applyDatabaseSettings } from '../services/flowdb/src/database-settings.js';

/** Name of the migrated template database that test-support/global-setup.ts (re)creates once per Jest run. */
export const FLOWDB_TEMPLATE = 'flowdeck_template';

/** Login roles (members of flowdeck_engine / flowdeck_api) that global-setup creates; trust auth locally. */
export const TEST_ROLES = {
  engineUser: 'flowmachine',
  enginePassword: 'flowmachine-test-password',
  apiUser: 'flowapi',
  apiPassword: 'flowapi-test-password',
} as const;

const HOST = '127.0.0.1';
const PORT = 5432;

/** postgres:// URL of a local test database as the superuser `postgres`. */
export function superuserUrl(dbName: string): string {
  return `postgres://postgres@${HOST}:${PORT}/${encodeURIComponent(dbName)}`;
}

/** postgres:// URL of a local test database as the engine (`flowmachine`) or api (`flowapi`) login role. */
export function roleUrl(dbName: string, role: 'flowmachine' | 'flowapi'): string {
  const password = role === 'flowmachine' ? TEST_ROLES.enginePassword : TEST_ROLES.apiPassword;
  return `postgres://${role}:${encodeURIComponent(password)}@${HOST}:${PORT}/${encodeURIComponent(dbName)}`;
}

/** A knex instance on a local test database (pool max 4 unless told). */
export function testKnex(url: string, poolMax = 4): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: poolMax }, acquireConnectionTimeout: 10_000 });
}

export interface TestDatabase {
  name: string;
  /** Superuser URL of the database. */
  url: string;
  /** Superuser knex (pool max 4). */
  knex: Knex;
  /** Destroys `knex` and drops the database WITH (FORCE). */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = testKnex(superuserUrl('postgres'), 1);
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

/** Runs `fn` as a superuser on `dbName` with a single-connection pool, closing it afterwards. */
export async function withDatabase<T>(dbName: string, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = testKnex(superuserUrl(dbName), 1);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Creates `flowdeck_t_<random>` as a clone of the migrated template (`CREATE DATABASE ... TEMPLATE`, retried while
 * the template is busy), re-applies the per-database settings a clone does not inherit (UTC time zone, CONNECT only
 * for flowdeck_engine / flowdeck_api), and returns a superuser knex on it. Call `drop()` in afterAll.
 */
export async function createTestDatabase(options: { template?: string } = {}): Promise<TestDatabase> {
  const name = `flowdeck_t_${randomBytes(6).toString('hex')}`;
  const template = options.template ?? FLOWDB_TEMPLATE;
  await withAdmin(async (admin) => {
    const deadline = Date.now() + 60_000;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        await admin.raw('CREATE DATABASE ?? TEMPLATE ??', [name, template]);
        return;
      } catch (err) {
        // Busy: another file is cloning it; missing: global-setup is swapping a rebuilt template into place.
        const busy = /is being accessed by other users|template database .* does not exist/.test((err as Error).message);
        if (!busy || Date.now() + delay > deadline) throw err;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  });
  // On a connection of its own: ALTER DATABASE SET only affects sessions opened afterwards.
  await withDatabase(name, (db) => applyDatabaseSettings(db));
  const url = superuserUrl(name);
  const knex = testKnex(url);
  let dropped = false;
  return {
    name,
    url,
    knex,
    async drop() {
      if (dropped) return;
      dropped = true;
      await knex.destroy();
      await dropDatabase(name);
    },
  };
}

/** Creates an empty, unmigrated database `flowdeck_t_<random>` (default template1); for migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `flowdeck_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.raw('CREATE DATABASE ??', [name]));
  const url = superuserUrl(name);
  const knex = testKnex(url);
  let dropped = false;
  return {
    name,
    url,
    knex,
    async drop() {
      if (dropped) return;
      dropped = true;
      await knex.destroy();
      await dropDatabase(name);
    },
  };
}

/** Drops a database you created, WITH (FORCE). */
export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]));
}
