import type pg from 'pg';
import { translateFlowdbError } from './flowdb-pool.js';
import type { SqlLibrary } from './sql-library.js';

/** Progress object of spec/query-kinds.md §8. */
export interface Progress {
  eligible: number;
  queued: number;
  running: number;
}

/** One row of cache.query_status as the api uses it. */
export interface QueryStatus {
  queryId: string;
  queryKind: string;
  params: unknown;
  canonical: Record<string, unknown>;
  aggregationUnit: string;
  state: string;
  message: string | null;
  progress: Progress;
}

/** What `register` needs: the validated, canonical spec and its id. */
export interface QueryRegistration {
  queryId: string;
  kind: string;
  params: unknown;
  canonical: Record<string, unknown>;
  aggregationUnit: string;
}

type Row = Record<'query_id' | 'query_kind' | 'params' | 'canonical' | 'aggregation_unit' | 'state' | 'message' | 'eligible' | 'queued' | 'running', string | null>;

function toStatus(row: Row): QueryStatus {
  return {
    queryId: row.query_id ?? '',
    queryKind: row.query_kind ?? '',
    params: row.params === null ? null : JSON.parse(row.params),
    canonical: row.canonical === null ? {} : (JSON.parse(row.canonical) as Record<string, unknown>),
    aggregationUnit: row.aggregation_unit ?? 'nonspatial',
    state: row.state ?? '',
    message: row.message,
    progress: { eligible: Number(row.eligible ?? 0), queued: Number(row.queued ?? 0), running: Number(row.running ?? 0) },
  };
}

/**
 * The api's view of durable query state (cache.query_status) and its only write path into it: the SECURITY DEFINER
 * functions cache.register_query and cache.request_cancel (spec/flowdb.md §7). Throws DependencyUnavailable when
 * FlowDB is down.
 */
export class QueryStatusStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: SqlLibrary,
  ) {}

  /** The query's status, or undefined for an unknown id. */
  async find(queryId: string): Promise<QueryStatus | undefined> {
    const { text, values } = this.sql.compile('read-query-status', { queryId });
    const result = await this.pool.query<Row>(text, values).catch(translateFlowdbError);
    const row = result.rows[0];
    return row === undefined ? undefined : toStatus(row);
  }

  /** Registers (or restarts) a query and returns its resulting state (cache.register_query). */
  async register(q: QueryRegistration): Promise<string> {
    const { text, values } = this.sql.inline(
      'SELECT cache.register_query(:queryId, :kind, CAST(:params AS jsonb), CAST(:canonical AS jsonb), :unit) AS state',
      {
        queryId: q.queryId,
        kind: q.kind,
        params: JSON.stringify(q.params),
        canonical: JSON.stringify(q.canonical),
        unit: q.aggregationUnit,
      },
    );
    const result = await this.pool.query<{ state: string }>(text, values).catch(translateFlowdbError);
    return result.rows[0]?.state ?? '';
  }

  /** Requests cancellation (cache.request_cancel) and returns the resulting state. */
  async requestCancel(queryId: string): Promise<string> {
    const { text, values } = this.sql.inline('SELECT cache.request_cancel(:queryId) AS state', { queryId });
    const result = await this.pool.query<{ state: string }>(text, values).catch(translateFlowdbError);
    return result.rows[0]?.state ?? '';
  }
}
