import { KeyRing } from '@flowdeck/crypto';
import { loadConfig } from '@flowdeck/config';
import { createKnex } from '@flowdeck/db';
import type { Knex } from 'knex';
import { T } from '../adapters/postgres/tables.js';
import { createSqliteKnex } from '../adapters/sqlite/create-sqlite-knex.js';
import { authSettings } from '../config.js';
import { DEFAULT_SQLITE_PATH, parseDbUri, type DatabaseTarget } from '../domain/db-uri.js';

/** The encrypted columns of auth's storage (deployment.md §5) with their AAD and primary key. */
const ENCRYPTED_COLUMNS = [
  { table: T.tokens, key: 'id', column: 'token_enc', aad: 'token_history.token' },
  { table: T.twoFactor, key: 'user_id', column: 'secret_enc', aad: 'two_factor_auth.secret' },
] as const;

export interface ReencryptReport {
  /** Rows per key id before the run, per column (`token_history.token`, `two_factor_auth.secret`). */
  before: Record<string, Record<string, number>>;
  /** Rows rewritten under the primary key, per column. */
  reencrypted: Record<string, number>;
  /** Rows per key id after the run (every row on the primary key unless rows changed concurrently). */
  after: Record<string, Record<string, number>>;
  primaryKeyId: string;
}

async function countsByKeyId(db: Knex): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = (await db(c.table).select(db.raw(`substr(${c.column}, 5, 8) AS kid`)).count({ n: '*' }).groupByRaw('1')) as {
      kid: string;
      n: string | number;
    }[];
    out[c.aad] = Object.fromEntries(rows.map((r) => [r.kid, Number(r.n)]));
  }
  return out;
}

/**
 * `flowdeck keys reencrypt` (deployment.md §5): rewrites every stored value not encrypted with the key ring's
 * primary key, in batches of `batchSize` rows, each batch its own transaction. Resumable and idempotent: a run only
 * selects rows still on an old key, and each update is conditional on the value it read (a row changed meanwhile
 * is left for the next run). Throws KeyRingError when a row uses a key id absent from the ring.
 */
export async function reencryptStoredValues(
  db: Knex,
  keyRing: KeyRing,
  opts: { batchSize?: number; onBatch?: (p: { column: string; rows: number }) => void } = {},
): Promise<ReencryptReport> {
  const batchSize = opts.batchSize ?? 500;
  const prefix = `fd1.${keyRing.primaryKeyId}.`;
  const before = await countsByKeyId(db);
  const reencrypted: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    reencrypted[c.aad] = 0;
    let lastKey: number | null = null;
    for (;;) {
      const q = db(c.table).whereNot(c.column, 'like', `${prefix}%`).select(c.key, c.column).orderBy(c.key).limit(batchSize);
      if (lastKey !== null) q.where(c.key, '>', lastKey);
      const rows = (await q) as Record<string, unknown>[];
      if (rows.length === 0) break;
      await db.transaction(async (trx) => {
        for (const row of rows) {
          const stored = row[c.column] as string;
          const value = keyRing.encrypt(keyRing.decrypt(stored, c.aad), c.aad);
          const n = await trx(c.table).where(c.key, row[c.key] as number).where(c.column, stored).update({ [c.column]: value });
          reencrypted[c.aad]! += n;
        }
      });
      lastKey = Number(rows[rows.length - 1]![c.key]);
      opts.onBatch?.({ column: c.aad, rows: rows.length });
    }
  }
  return { before, reencrypted, after: await countsByKeyId(db), primaryKeyId: keyRing.primaryKeyId };
}

/** The settings `flowdeck keys reencrypt` reads (the auth database and the key ring; nothing else of auth's). */
export const reencryptSettings = {
  DB_URI: authSettings.DB_URI,
  FLOWAUTH_DB_PASSWORD: authSettings.FLOWAUTH_DB_PASSWORD,
  FLOWAUTH_FERNET_KEY: authSettings.FLOWAUTH_FERNET_KEY,
} as const;

/**
 * Opens the auth database named by the settings (DB_URI, unset = the default SQLite file), re-encrypts, closes.
 * `env`/`secretsDir` as for loadConfig (defaults: the process environment and /run/secrets).
 */
export async function reencryptFromSettings(
  options: { env?: Record<string, string | undefined>; secretsDir?: string; batchSize?: number; onBatch?: (p: { column: string; rows: number }) => void } = {},
): Promise<ReencryptReport> {
  const { values } = loadConfig(reencryptSettings, { env: options.env, secretsDir: options.secretsDir });
  const keyRing = KeyRing.fromSetting(values.FLOWAUTH_FERNET_KEY);
  const target: DatabaseTarget =
    values.DB_URI === undefined ? { kind: 'sqlite', path: DEFAULT_SQLITE_PATH } : parseDbUri(values.DB_URI, values.FLOWAUTH_DB_PASSWORD);
  const db = target.kind === 'sqlite' ? createSqliteKnex(target.path) : createKnex({ connection: target.url, pool: { min: 0, max: 2 }, applicationName: 'flowdeck-keys-reencrypt' });
  try {
    return await reencryptStoredValues(db, keyRing, { batchSize: options.batchSize, onBatch: options.onBatch });
  } finally {
    await db.destroy();
  }
}
