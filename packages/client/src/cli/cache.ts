// `flowdeck cache ls|rm|shrink`: operator view of the query engine's cache (spec/flowdb.md §7-8), talking to FlowDB
// directly. The connection string comes from `--db-url` or the FLOWDB_URL environment variable (a login that may
// write schema cache: the engine's role or the FlowDB superuser). The environment is passed in (`CacheCliIo.env`).
//
// `rm` and `shrink` follow the engine's eviction rule (services/query-engine workers/cache-evictor.ts): under
// advisory lock `cache-evict`, an entry whose result the api is streaming (shared lock on its key) is skipped, and an
// eviction is `reset` → DROP TABLE → delete the cache.cached row → `finish_resetting` (state `known`).
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import pg from 'pg';

/** Advisory lock key `cache-evict` (packages/db AdvisoryLock.cacheEvict). */
const CACHE_EVICT_LOCK = '7346112901223003';
const ACTOR = 'flowdeck-cli';

export interface CacheCliIo {
  env: Record<string, string | undefined>;
  stdout: Writable;
}

export interface CacheEntry {
  queryId: string;
  class: string | null;
  sizeBytes: number;
  score: number | null;
  lastAccessed: Date | null;
  state: string | null;
}

export interface ShrinkResult {
  evicted: string[];
  usedBytes: number;
  cacheSizeBytes: number | undefined;
}

type Db = pg.Client | pg.PoolClient;

/** Every cache entry, lowest score (first to go) first. */
export async function listCacheEntries(db: Db): Promise<CacheEntry[]> {
  const res = await db.query<{
    query_id: string;
    class: string | null;
    size_bytes: string | null;
    score: number | null;
    last_accessed: Date | null;
    state: string | null;
  }>(
    `SELECT c.query_id, c.class, c.size_bytes, c.score, c.last_accessed, q.state
     FROM cache.cached AS c LEFT JOIN cache.queries AS q ON q.query_id = c.query_id
     ORDER BY c.score ASC NULLS FIRST, c.query_id`,
  );
  return res.rows.map((r) => ({
    queryId: r.query_id,
    class: r.class,
    sizeBytes: Number(r.size_bytes ?? 0),
    score: r.score,
    lastAccessed: r.last_accessed,
    state: r.state,
  }));
}

/** The api's streaming lock key of an id: first 16 hex digits as a signed 64-bit integer (flowdb.md §8.2). */
function streamingLockKey(queryId: string): string {
  return BigInt.asIntN(64, BigInt(`0x${queryId.slice(0, 16)}`)).toString();
}

/** Evicts one completed entry inside the caller's transaction (which holds `cache-evict`). 'streaming' | 'not_completed' | 'evicted'. */
async function evictInTransaction(db: Db, queryId: string): Promise<'evicted' | 'streaming' | 'not_completed'> {
  if (/^[0-9a-f]{16}/.test(queryId)) {
    const locked = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(CAST($1 AS bigint)) AS ok', [streamingLockKey(queryId)]);
    if (locked.rows[0]?.ok !== true) return 'streaming';
  }
  const reset = await db.query(
    `UPDATE cache.queries SET state = 'resetting', updated_at = now() WHERE query_id = $1 AND state = 'completed' RETURNING query_id`,
    [queryId],
  );
  if (reset.rowCount === 0) return 'not_completed';
  await db.query(`SELECT cache.record_transition($1, 'reset', 'completed', 'resetting', $2)`, [queryId, ACTOR]);
  const table = await db.query<{ schema: string | null; tablename: string | null }>(
    'SELECT schema, tablename FROM cache.cached WHERE query_id = $1',
    [queryId],
  );
  const t = table.rows[0];
  if (t?.tablename) {
    await db.query(`DROP TABLE IF EXISTS ${pg.escapeIdentifier(t.schema ?? 'cache')}.${pg.escapeIdentifier(t.tablename)}`);
  }
  await db.query('DELETE FROM cache.cached WHERE query_id = $1', [queryId]);
  await db.query(
    `UPDATE cache.queries
     SET state = 'known', message = NULL, attempts = 0, lease_owner = NULL, lease_expires_at = NULL,
         cancel_requested_at = NULL, requeue_after_reset = false, progress_eligible = NULL, progress_queued = NULL,
         progress_running = NULL, started_at = NULL, finished_at = NULL, updated_at = now()
     WHERE query_id = $1 AND state = 'resetting'`,
    [queryId],
  );
  await db.query(`SELECT cache.record_transition($1, 'finish_resetting', 'resetting', 'known', $2)`, [queryId, ACTOR]);
  return 'evicted';
}

async function inTransaction<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock(CAST($1 AS bigint))', [CACHE_EVICT_LOCK]);
    const out = await fn();
    await db.query('COMMIT');
    return out;
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Resets one entry the way eviction does. Throws when it is not a completed entry or its result is being streamed. */
export async function removeCacheEntry(db: Db, queryId: string): Promise<void> {
  const outcome = await inTransaction(db, () => evictInTransaction(db, queryId));
  if (outcome === 'streaming') throw new Error(`cache entry ${queryId} is being streamed by the api; try again later`);
  if (outcome === 'not_completed') throw new Error(`no completed cache entry ${queryId}`);
}

/** Applies the CACHE_SIZE bound now: evicts the lowest-score evictable entries until the sum fits. */
export async function shrinkCache(db: Db): Promise<ShrinkResult> {
  return inTransaction(db, async () => {
    const cfg = await db.query<{ used: string; cache_size: string | null; protected_period: string | null }>(
      `SELECT CAST((SELECT u.used_bytes FROM cache.cache_usage AS u) AS text) AS used,
              (SELECT value FROM cache.cache_config WHERE key = 'cache_size') AS cache_size,
              (SELECT value FROM cache.cache_config WHERE key = 'cache_protected_period') AS protected_period`,
    );
    const row = cfg.rows[0];
    let used = Number(row?.used ?? 0);
    const limit = row?.cache_size ? Number(row.cache_size) : undefined;
    const protectedSeconds = row?.protected_period ? Number(row.protected_period) : 86_400;
    const evicted: string[] = [];
    const skipped: string[] = [];
    while (limit !== undefined && used > limit) {
      // Same rule as the engine's eviction-candidates.sql: walks the score index.
      const candidates = await db.query<{ query_id: string; size_bytes: string | null }>(
        `SELECT c.query_id, c.size_bytes
         FROM cache.cached AS c
         JOIN cache.queries AS q ON q.query_id = c.query_id AND q.state = 'completed'
         WHERE c.created < now() - make_interval(secs => $1)
           AND NOT (c.query_id = ANY ($2::text[]))
           AND coalesce(c.class, '') NOT IN ('Table', 'GeoTable')
           AND NOT EXISTS (
             SELECT 1 FROM cache.dependencies AS d
             JOIN cache.queries AS busy ON busy.query_id = d.query_id AND busy.state IN ('queued', 'executing')
             WHERE d.depends_on = c.query_id)
         ORDER BY c.score ASC NULLS FIRST
         LIMIT 50`,
        [protectedSeconds, skipped],
      );
      if (candidates.rows.length === 0) break;
      for (const c of candidates.rows) {
        if (used <= limit) break;
        if ((await evictInTransaction(db, c.query_id)) === 'evicted') {
          evicted.push(c.query_id);
          used -= Number(c.size_bytes ?? 0);
        } else {
          skipped.push(c.query_id);
        }
      }
    }
    return { evicted, usedBytes: used, cacheSizeBytes: limit };
  });
}

function connectionString(flags: { dbUrl?: string }, env: Record<string, string | undefined>): string {
  const url = flags.dbUrl ?? (env['FLOWDB_URL'] || undefined);
  if (url === undefined) throw new Error('no FlowDB connection: pass --db-url URL or set FLOWDB_URL');
  return url;
}

async function withClient<T>(url: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url, application_name: 'flowdeck-cli' });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

export function registerCacheCommands(program: Command, io: CacheCliIo = { env: process.env, stdout: process.stdout }): void {
  const say = (text: string) => void io.stdout.write(`${text}\n`);
  const cache = program
    .command('cache')
    .description('inspect and trim the query engine cache in FlowDB (connection: --db-url or FLOWDB_URL)');
  const withDb = (c: Command) => c.option('--db-url <url>', 'FlowDB connection string (default: FLOWDB_URL)');

  withDb(cache.command('ls').description('list cache entries, first to be evicted first').option('--json', 'one JSON array')).action(
    async (flags: { dbUrl?: string; json?: boolean }) => {
      const entries = await withClient(connectionString(flags, io.env), listCacheEntries);
      if (flags.json === true) {
        say(JSON.stringify(entries));
        return;
      }
      say(['query_id', 'class', 'size', 'score', 'last_access'].join('\t'));
      for (const e of entries) {
        say([e.queryId, e.class ?? '-', formatBytes(e.sizeBytes), e.score?.toFixed(3) ?? '-', e.lastAccessed?.toISOString() ?? '-'].join('\t'));
      }
    },
  );

  withDb(cache.command('rm').description('reset cache entries the way eviction does').argument('<query_id...>')).action(
    async (ids: string[], flags: { dbUrl?: string }) => {
      await withClient(connectionString(flags, io.env), async (db) => {
        for (const id of ids) {
          await removeCacheEntry(db, id);
          say(`removed ${id}`);
        }
      });
    },
  );

  withDb(cache.command('shrink').description('apply the CACHE_SIZE bound now')).action(async (flags: { dbUrl?: string }) => {
    const r = await withClient(connectionString(flags, io.env), shrinkCache);
    say(
      `evicted ${r.evicted.length} entries; ${formatBytes(r.usedBytes)} used of ${r.cacheSizeBytes === undefined ? 'unbounded' : formatBytes(r.cacheSizeBytes)}`,
    );
  });
}
