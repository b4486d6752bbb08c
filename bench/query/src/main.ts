// `pnpm bench:query`: the query engine against hand-written SQL on the same data in the same run.
//
// Generates one synthetic day of at least 1,000,000 events (@flowdeck/client's generator), loads it with the ETL's
// loader (services/etl loadDirectory) into a fresh FlowDB cloned from the migrated test template, then times, uncached,
// spatial_aggregate(daily_location), flows and unique_subscriber_counts through the engine (runQuery: planning,
// CREATE TABLE AS of every node, cache bookkeeping, redaction) against one hand-written SELECT computing the same
// answer, checks that both answers agree, and times a cached `get` (cache.touch plus a cursor read of cache.x<id>, as
// the api streams it). Ratios are Flowdeck time over hand-written SQL time; the last line is one JSON object.
//
// Environment: BENCH_EVENTS (default 1000000), BENCH_REPEAT (default 2; the best of N runs is kept),
// BENCH_KEEP_DB=1 keeps the database. Needs the local PostgreSQL (postgres@127.0.0.1:5432) and Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '@flowdeck/client';
import { loadConfig } from '@flowdeck/config';
import { loadDirectory } from '@flowdeck/etl';
import { createLogger } from '@flowdeck/log';
import { parseQuerySpec } from '@flowdeck/queries';
import { closeDeps, createDeps, engineSettings, runQuery, type Deps } from '@flowdeck/query-engine';
import type { Knex } from 'knex';
import pg from 'pg';
import { createTestDatabase, TEST_ROLES, type TestDatabase } from '../../../test-support/flowdb.js';
import globalSetup from '../../../test-support/global-setup.js';
import { HAND_SQL } from './hand-sql.js';

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const DATE = '2016-01-01';
const NEXT = '2016-01-02';

type Row = Record<string, unknown>;

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function dailyLocation(method: 'last' | 'most-common'): Record<string, unknown> {
  return {
    query_kind: 'daily_location',
    date: DATE,
    aggregation_unit: 'admin3',
    method,
    event_types: null,
    subscriber_subset: null,
    mapping_table: null,
    geom_table: null,
    geom_table_join_column: null,
    hours: null,
  };
}

const KINDS: { name: string; spec: Record<string, unknown>; sql: string }[] = [
  { name: 'spatial_aggregate', spec: { query_kind: 'spatial_aggregate', locations: dailyLocation('last') }, sql: HAND_SQL.spatialAggregate },
  {
    name: 'flows',
    spec: { query_kind: 'flows', from_location: dailyLocation('last'), to_location: dailyLocation('most-common'), join_type: 'inner' },
    sql: HAND_SQL.flows,
  },
  {
    name: 'unique_subscriber_counts',
    spec: {
      query_kind: 'unique_subscriber_counts',
      aggregation_unit: 'admin3',
      start_date: DATE,
      end_date: NEXT,
      event_types: null,
      subscriber_subset: null,
      mapping_table: null,
      geom_table: null,
      geom_table_join_column: null,
      hours: null,
    },
    sql: HAND_SQL.uniqueSubscriberCounts,
  },
];

/** Rows as sorted canonical strings (numbers normalised), to compare two answers. */
function canonical(rows: Row[]): string[] {
  return rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, typeof r[k] === 'string' && /^\d+$/.test(r[k] as string) ? Number(r[k]) : r[k]]),
      ),
    )
    .sort();
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

/** Empties the cache the way eviction does (every entry reset to known), so the next run is uncached. */
async function clearCache(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    const ids = (await trx('cache.cached').select('query_id')).map((r: { query_id: string }) => r.query_id);
    for (const id of ids) {
      await trx.raw("UPDATE cache.queries SET state = 'resetting' WHERE query_id = ? AND state = 'completed'", [id]);
      await trx.raw('DROP TABLE IF EXISTS ??', [`cache.x${id}`]);
      await trx('cache.cached').where({ query_id: id }).delete();
      await trx.raw("UPDATE cache.queries SET state = 'known', lease_owner = NULL, lease_expires_at = NULL WHERE query_id = ? AND state = 'resetting'", [id]);
    }
  });
}

async function register(db: Knex, body: Record<string, unknown>): Promise<string> {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  await db.raw('SELECT cache.register_query(?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)', [
    v.queryId,
    v.kind,
    JSON.stringify(v.params),
    JSON.stringify(v.canonical),
    v.aggregationUnit,
  ]);
  return v.queryId;
}

function engine(dbName: string): Deps {
  const { values } = loadConfig(engineSettings, {
    env: {
      FLOWDB_HOST: '127.0.0.1',
      FLOWDB_PORT: '5432',
      FLOWDB_DATABASE: dbName,
      FLOWMACHINE_FLOWDB_USER: TEST_ROLES.engineUser,
      FLOWMACHINE_FLOWDB_PASSWORD: TEST_ROLES.enginePassword,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: `bench:query:${dbName}`,
      WORKER_MAX_RUN_DURATION_SECONDS: '0',
    },
    secretsDir: '/nonexistent-secrets-dir',
  });
  return createDeps(values, createLogger({ service: 'bench-query', level: 'silent' }), { defaultMetrics: false });
}

/** The api's get path: streaming lock, touch, then read the table through a cursor in batches. */
async function cachedGet(url: string, id: string): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { ms, value } = await timed(async () => {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock_shared(CAST($1 AS bigint))', [
        BigInt.asIntN(64, BigInt(`0x${id.slice(0, 16)}`)).toString(),
      ]);
      await client.query('SELECT cache.touch($1)', [id]);
      await client.query(`DECLARE result NO SCROLL CURSOR FOR SELECT * FROM cache.${pg.escapeIdentifier(`x${id}`)}`);
      let n = 0;
      for (;;) {
        const batch = await client.query('FETCH 1000 FROM result');
        n += batch.rows.length;
        if (batch.rows.length === 0) break;
      }
      await client.query('CLOSE result');
      await client.query('COMMIT');
      return n;
    });
    return { ms, rows: value };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const totalEvents = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
  const repeat = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 2));
  // Events per day: calls and SMS give two rows each. Shares: calls 50 %, sms 30 %, mds 15 %, topups 5 %.
  const params = {
    nDays: 1,
    startDate: DATE,
    nSubscribers: Math.max(4000, Math.round(totalEvents / 50)),
    nCalls: Math.ceil((totalEvents * 0.5) / 2),
    nSms: Math.ceil((totalEvents * 0.3) / 2),
    nMds: Math.ceil(totalEvents * 0.15),
    nTopups: Math.ceil(totalEvents * 0.05),
  };
  const figures: Record<string, unknown> = { events_target: totalEvents, repeat };
  const dir = mkdtempSync(join(tmpdir(), 'flowdeck-bench-query-'));
  let db: TestDatabase | undefined;
  let deps: Deps | undefined;
  try {
    say('bench:query — ensuring the migrated template database');
    await globalSetup({ rootDir: REPO_ROOT });
    say(`generating one synthetic day (${JSON.stringify(params)})`);
    const gen = await timed(() => generateSynthetic(params, dir));
    const events = Object.values(gen.value.eventRows).reduce((a, b) => a + b, 0);
    figures['events'] = events;
    figures['generate_ms'] = Math.round(gen.ms);
    say(`  ${events} events in ${(gen.ms / 1000).toFixed(1)} s`);
    if (events < 1_000_000 && totalEvents >= 1_000_000) throw new Error(`only ${events} events generated`);

    db = await createTestDatabase();
    const log = createLogger({ service: 'bench-query', level: 'warn' });
    const load = await timed(() => loadDirectory(db!.knex, dir, { log }));
    if (load.value.counts.ingested !== 4) throw new Error(`ETL load failed: ${JSON.stringify(load.value.counts)} ${load.value.infrastructureError ?? ''}`);
    figures['load_ms'] = Math.round(load.ms);
    say(`loaded into ${db.name} with the ETL loader in ${(load.ms / 1000).toFixed(1)} s`);
    await db.knex.raw('ANALYZE');
    await db.knex('cache.cache_config').where({ key: 'cache_size' }).update({ value: null });

    deps = engine(db.name);
    const bindings = { start: `${DATE}T00:00:00Z`, end: `${NEXT}T00:00:00Z`, day: DATE, threshold: 15 };
    for (const kind of KINDS) {
      let sqlMs = Infinity;
      let engineMs = Infinity;
      let sqlRows: Row[] = [];
      let id: string | undefined;
      let skipped: string | undefined;
      for (let i = 0; i < repeat && skipped === undefined; i++) {
        const sql = await timed(async () => (await db!.knex.raw(kind.sql, bindings)).rows as Row[]);
        sqlMs = Math.min(sqlMs, sql.ms);
        sqlRows = sql.value;
        await clearCache(db.knex);
        try {
          id = await register(db.knex, kind.spec);
        } catch (err) {
          skipped = `spec rejected: ${(err as Error).message}`;
          break;
        }
        const run = await timed(() => runQuery(deps!.runDeps, id!));
        const row = (await db.knex('cache.queries').where({ query_id: id }).first()) as { state: string; message: string | null };
        if (run.value !== 'completed') {
          skipped = `engine ${run.value}${row.message ? `: ${row.message}` : ''}`;
          break;
        }
        engineMs = Math.min(engineMs, run.ms);
      }
      const key = kind.name;
      if (skipped !== undefined) {
        say(`${key}: SKIPPED (${skipped})`);
        figures[`${key}_skipped`] = skipped;
        continue;
      }
      const engineRows = (await db.knex(`cache.x${id!}`).select('*')) as Row[];
      const match = JSON.stringify(canonical(engineRows)) === JSON.stringify(canonical(sqlRows));
      figures[`${key}_sql_ms`] = Math.round(sqlMs);
      figures[`${key}_engine_ms`] = Math.round(engineMs);
      figures[`${key}_rows`] = engineRows.length;
      figures[`${key}_match`] = match;
      figures[`${key}_ratio`] = Number((engineMs / sqlMs).toFixed(3));
      say(
        `${key}: engine ${(engineMs / 1000).toFixed(2)} s, hand-written SQL ${(sqlMs / 1000).toFixed(2)} s, ratio ${(engineMs / sqlMs).toFixed(2)}; ${engineRows.length} rows, answers ${match ? 'agree' : 'DIFFER'}`,
      );
      if (key === 'spatial_aggregate') {
        let best = Infinity;
        let n = 0;
        for (let i = 0; i < 5; i++) {
          const g = await cachedGet(db.url, id!);
          best = Math.min(best, g.ms);
          n = g.rows;
        }
        figures['cached_get_ms'] = Number(best.toFixed(2));
        figures['cached_get_rows'] = n;
        figures['cached_get_vs_sql_ratio'] = Number((best / sqlMs).toFixed(4));
        say(`cached get of spatial_aggregate: ${best.toFixed(2)} ms for ${n} rows, ratio to recomputing with SQL ${(best / sqlMs).toFixed(4)}`);
      }
    }
  } finally {
    if (deps !== undefined) await closeDeps(deps);
    if (db !== undefined && process.env['BENCH_KEEP_DB'] !== '1') await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  say(JSON.stringify(figures));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:query failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
