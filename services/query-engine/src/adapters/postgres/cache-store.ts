import { AdvisoryLock, type Knex } from '@flowdeck/db';
import { cacheTable, cacheTableName, nodeApplicationName } from '../../domain/names.js';
import type { DateDependency } from '../../domain/plan-node.js';
import type { SqlFragment } from '../../domain/sql-fragment.js';
import type { SqlLibrary } from './sql-library.js';

type Db = Knex | Knex.Transaction;

/** Value of cache.cached.version for tables written by this engine (bumped with the node-id prefix). */
export const CACHE_ENTRY_VERSION = 'flowdeck-node-v1';

export interface CachedEntryInput {
  queryId: string;
  nodeType: string;
  spec: Record<string, unknown>;
  queryText: string;
  computeTimeMs: number;
  exposed: boolean;
  ingestEpoch: string;
  dependsOn: readonly string[];
  dateDependencies: readonly DateDependency[];
  now: Date;
}

export interface CacheBudget {
  /** Sum of cache.cached.size_bytes, kept incrementally in cache.cache_usage (migration 0008). */
  usedBytes: number;
  /** Number of cache.cached rows. */
  entries: number;
  /** `CACHE_SIZE` (cache.cache_config.cache_size); undefined = unbounded. */
  cacheSizeBytes: number | undefined;
  /** `CACHE_PROTECTED_PERIOD` seconds (default 86400, FlowKit's). */
  protectedPeriodSeconds: number;
}

export interface EvictionCandidate {
  queryId: string;
  sizeBytes: number;
  lockKey: string;
}

function pairwise(deps: readonly DateDependency[]): { cdrTypes: string[]; cdrDates: string[] } {
  return { cdrTypes: deps.map((d) => d.cdrType), cdrDates: deps.map((d) => d.date) };
}

function numberOrUndefined(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The cache tables and their bookkeeping (cache.cached, cache.dependencies, cache.date_dependencies; flowdb.md
 * §7-8). Methods take the transaction they run in, so a node's table, its records and its `finish` commit together.
 */
export class CacheStore {
  constructor(private readonly sql: SqlLibrary) {}

  /** Max etl.etl_records.id, the node's ingest epoch (flowdb.md §8.4). */
  async ingestEpoch(db: Db): Promise<string> {
    const res = (await this.sql.raw(db as Knex, 'ingest-epoch', {})) as { rows: { epoch: string }[] };
    return res.rows[0]?.epoch ?? '0';
  }

  /** Whether any of the dates was ingested or dropped after `epoch`. */
  async datesChangedSince(db: Db, epoch: string, deps: readonly DateDependency[]): Promise<boolean> {
    if (deps.length === 0) return false;
    const res = (await this.sql.raw(db as Knex, 'dates-changed', { epoch, ...pairwise(deps) })) as { rows: { changed: boolean }[] };
    return res.rows[0]?.changed === true;
  }

  /** Sets the transaction-local statement timeout and application name of a node's computation. */
  async setNodeSession(trx: Knex.Transaction, queryId: string, timeoutSeconds: number): Promise<void> {
    await this.sql.raw(trx as unknown as Knex, 'set-node-session', {
      timeoutMs: String(Math.round(timeoutSeconds * 1000)),
      applicationName: nodeApplicationName(queryId),
    });
  }

  /** `CREATE TABLE <table> AS <select>`; returns the SQL text that was run. */
  async createTableAs(trx: Knex.Transaction, table: string, select: SqlFragment): Promise<string> {
    const statement = this.sql.raw(trx as unknown as Knex, 'create-table-as', { table, select });
    await statement;
    return statement.toQuery();
  }

  /** The SQL text of a node's SELECT with its values inlined (what cache.cached.query records). */
  selectText(db: Knex, select: SqlFragment): string {
    return this.sql.render(db, select).toQuery();
  }

  /** Records a written node: cached row (size measured now), dependencies, date dependencies, first touch. */
  async recordCached(trx: Knex.Transaction, e: CachedEntryInput): Promise<{ sizeBytes: number }> {
    const db = trx as unknown as Knex;
    const res = (await this.sql.raw(db, 'record-cached', {
      queryId: e.queryId,
      version: CACHE_ENTRY_VERSION,
      query: e.queryText,
      computeTimeMs: e.computeTimeMs,
      class: e.nodeType,
      tablename: cacheTableName(e.queryId),
      qualifiedName: cacheTable(e.queryId),
      spec: JSON.stringify(e.spec),
      exposed: e.exposed,
      ingestEpoch: e.ingestEpoch,
      now: e.now.toISOString(),
    })) as { rows: { size_bytes: string }[] };
    if (e.dependsOn.length > 0) await this.sql.raw(db, 'record-dependencies', { queryId: e.queryId, dependsOn: [...e.dependsOn] });
    if (e.dateDependencies.length > 0) {
      await this.sql.raw(db, 'record-date-dependencies', { queryId: e.queryId, ...pairwise(e.dateDependencies) });
    }
    await trx.raw('SELECT cache.touch(?) AS score', [e.queryId]);
    return { sizeBytes: Number(res.rows[0]?.size_bytes ?? 0) };
  }

  /** GRANT SELECT on an exposed table to flowdeck_api. */
  async grantExposed(trx: Knex.Transaction, queryId: string): Promise<void> {
    await this.sql.raw(trx as unknown as Knex, 'grant-exposed', { table: cacheTable(queryId) });
  }

  /** Drops a node's table and deletes its cache.cached row (dependencies cascade). */
  async dropEntry(db: Db, queryId: string): Promise<void> {
    await this.sql.raw(db as Knex, 'drop-node-table', { table: cacheTable(queryId) });
    await db('cache.cached').where({ query_id: queryId }).delete();
  }

  async hasEntry(db: Db, queryId: string): Promise<boolean> {
    return (await db('cache.cached').where({ query_id: queryId }).first('query_id')) !== undefined;
  }

  /** Used bytes and the budget settings of cache.cache_config. */
  async budget(db: Db): Promise<CacheBudget> {
    const res = (await this.sql.raw(db as Knex, 'cache-usage', {})) as {
      rows: { used_bytes: string; entries: string; cache_size: string | null; cache_protected_period: string | null }[];
    };
    const row = res.rows[0];
    return {
      usedBytes: Number(row?.used_bytes ?? 0),
      entries: Number(row?.entries ?? 0),
      cacheSizeBytes: numberOrUndefined(row?.cache_size ?? null),
      protectedPeriodSeconds: numberOrUndefined(row?.cache_protected_period ?? null) ?? 86_400,
    };
  }

  /** Re-measures every cache table's size (background shrinker); returns how many rows changed. */
  async remeasureSizes(db: Db): Promise<number> {
    const res = (await this.sql.raw(db as Knex, 'remeasure-sizes', {})) as { rows: unknown[] };
    return res.rows.length;
  }

  /** Takes the transaction-scoped advisory lock `cache-evict` (flowdb.md §8.2). */
  async lockEviction(trx: Knex.Transaction): Promise<void> {
    await trx.raw('SELECT pg_advisory_xact_lock(CAST(? AS bigint))', [AdvisoryLock.cacheEvict.toString()]);
  }

  /** Evictable entries, lowest score first. */
  async evictionCandidates(
    db: Db,
    o: { keep: readonly string[]; protectedBefore: Date; limit: number },
  ): Promise<EvictionCandidate[]> {
    const res = (await this.sql.raw(db as Knex, 'eviction-candidates', {
      keep: [...o.keep],
      protectedBefore: o.protectedBefore.toISOString(),
      limit: o.limit,
    })) as { rows: { query_id: string; size_bytes: string | null; lock_key: string }[] };
    return res.rows.map((r) => ({ queryId: r.query_id, sizeBytes: Number(r.size_bytes ?? 0), lockKey: r.lock_key }));
  }

  /** Exclusive transaction lock on an entry's streaming key; false while the api streams it (shared lock). */
  async tryLockEntry(trx: Knex.Transaction, lockKey: string): Promise<boolean> {
    const res = (await trx.raw('SELECT pg_try_advisory_xact_lock(CAST(? AS bigint)) AS locked', [lockKey])) as {
      rows: { locked: boolean }[];
    };
    return res.rows[0]?.locked === true;
  }

  /** Cancels whatever backend computes a node; returns how many were signalled. */
  async cancelNodeBackend(db: Db, queryId: string): Promise<number> {
    const res = (await this.sql.raw(db as Knex, 'cancel-node-backend', { applicationName: nodeApplicationName(queryId) })) as {
      rows: { cancelled: boolean }[];
    };
    return res.rows.filter((r) => r.cancelled).length;
  }
}
