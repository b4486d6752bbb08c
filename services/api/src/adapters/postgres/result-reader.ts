import type pg from 'pg';
import { columnEncoding } from '../../domain/value-encoding.js';
import { GEOJSON_LEADING_CELLS, type ResultColumn } from '../../domain/result-encoder.js';
import { streamLockKey } from '../../domain/stream-lock-key.js';
import { CursorBatches, type Cell } from './cursor-batches.js';
import { translateFlowdbError } from './flowdb-pool.js';
import type { SqlLibrary } from './sql-library.js';
import { geographyNames, isAdminUnit, resultTableName } from './sql-names.js';

/** SQLSTATE cache.touch raises for a missing cache record (no_data_found). */
const NO_DATA_FOUND = 'P0002';

/** An open result: its columns, the first batch (already read) and the cursor for the rest. */
export interface OpenResult {
  columns: ResultColumn[];
  first: Cell[][];
  batches: CursorBatches;
}

/**
 * Outcome of opening a result: rows to stream; the query's state when it is no longer `completed` (it changed
 * since the caller looked); or `notSpatial` when geojson was asked for a result without location columns.
 */
export type OpenResultOutcome = { kind: 'rows'; result: OpenResult } | { kind: 'state'; state: string } | { kind: 'notSpatial' };

/** Geojson needs the unit to pick the zone table (admin) or the point columns (lon-lat). */
export type ResultShape = { kind: 'table' } | { kind: 'geojson'; aggregationUnit: string };

/**
 * Streams exposed result tables (cache.x<id>) with a server-side cursor (spec/api.md §6). While a result is open its
 * connection holds pg_advisory_lock_shared(streamLockKey(id)), so the evictor leaves the table alone, and opening
 * it touches the cache entry (cache.touch). Throws DependencyUnavailable when FlowDB is down.
 */
export class ResultReader {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: SqlLibrary,
    private readonly batchRows?: number,
  ) {}

  async open(queryId: string, shape: ResultShape): Promise<OpenResultOutcome> {
    const client = await this.pool.connect().catch(translateFlowdbError);
    const lockKey = streamLockKey(queryId);
    const run = (s: { text: string; values: unknown[] }) => client.query<Record<string, string | null>>(s.text, s.values);
    const unlock = async (c: pg.PoolClient): Promise<void> => {
      const s = this.sql.inline('SELECT pg_advisory_unlock_shared(CAST(:lockKey AS bigint))', { lockKey });
      await c.query(s.text, s.values);
    };
    const giveBack = async (): Promise<void> => {
      await unlock(client);
      client.release();
    };
    try {
      await run(this.sql.inline('SELECT pg_advisory_lock_shared(CAST(:lockKey AS bigint))', { lockKey }));
      // Re-read under the lock (from here on the evictor cannot drop the table), touching a completed entry.
      let state: string;
      try {
        const status = await run(this.sql.compile('read-state-and-touch', { queryId }));
        state = status.rows[0]?.state ?? 'awol';
      } catch (err) {
        if ((err as { code?: string }).code !== NO_DATA_FOUND) throw err;
        state = 'resetting';
      }
      if (state !== 'completed') {
        await giveBack();
        return { kind: 'state', state };
      }
      const statement = await this.statementFor(queryId, shape, run);
      if (statement === undefined) {
        await giveBack();
        return { kind: 'notSpatial' };
      }
      const { batches, fields, first } = await CursorBatches.open(client, statement.sql, { cleanup: unlock, batchRows: this.batchRows });
      const columns = fields
        .slice(statement.leadingCells)
        .map((f) => ({ name: f.name, encoding: columnEncoding(f.dataTypeID) }));
      return { kind: 'rows', result: { columns, first, batches } };
    } catch (err) {
      client.release(true);
      return translateFlowdbError(err);
    }
  }

  private async statementFor(
    queryId: string,
    shape: ResultShape,
    run: (s: { text: string; values: unknown[] }) => Promise<pg.QueryResult>,
  ): Promise<{ sql: { text: string; values: unknown[] }; leadingCells: number } | undefined> {
    const resultTable = resultTableName(queryId);
    if (shape.kind === 'table') {
      return { sql: this.sql.inline('SELECT * FROM :resultTable:', { resultTable }), leadingCells: 0 };
    }
    const probe = await run(this.sql.inline('SELECT * FROM :resultTable: LIMIT 0', { resultTable }));
    const names = new Set(probe.fields.map((f) => f.name));
    if (isAdminUnit(shape.aggregationUnit) && names.has('pcod')) {
      const g = geographyNames(shape.aggregationUnit);
      const sql = this.sql.compile('geojson-admin-result', { resultTable, geoTable: g.table, pcodColumn: g.pcodColumn });
      return { sql, leadingCells: GEOJSON_LEADING_CELLS };
    }
    if (shape.aggregationUnit === 'lon-lat' && names.has('lon') && names.has('lat')) {
      return { sql: this.sql.compile('geojson-lonlat-result', { resultTable }), leadingCells: GEOJSON_LEADING_CELLS };
    }
    return undefined;
  }
}
