import type pg from 'pg';
import { translateFlowdbError } from './flowdb-pool.js';
import type { SqlLibrary } from './sql-library.js';

/** One QA outcome row of cache.qa_checks. */
export interface QaOutcome {
  cdrDate: string;
  cdrType: string;
  check: string;
  outcome: string | null;
}

/**
 * Read-only views the api answers catalogue questions from: cache.available_dates and cache.qa_checks
 * (spec/flowdb.md §5-6). Dates are `YYYY-MM-DD` texts. Throws DependencyUnavailable when FlowDB is down.
 */
export class AvailabilityStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: SqlLibrary,
  ) {}

  private async rows<R extends pg.QueryResultRow>(text: string, bindings: Record<string, unknown>): Promise<R[]> {
    const s = this.sql.inline(text, bindings);
    const result = await this.pool.query<R>(s.text, s.values).catch(translateFlowdbError);
    return result.rows;
  }

  /** Every available (cdr_type, date), ascending by type then date. */
  async availableDates(): Promise<{ cdrType: string; cdrDate: string }[]> {
    const rows = await this.rows<{ cdr_type: string; cdr_date: string }>(
      'SELECT cdr_type, cdr_date FROM cache.available_dates ORDER BY cdr_type, cdr_date',
      {},
    );
    return rows.map((r) => ({ cdrType: r.cdr_type, cdrDate: r.cdr_date }));
  }

  /** Distinct (cdr_type, check) pairs with at least one outcome, sorted by type then check. */
  async qaCheckTypes(): Promise<{ cdrType: string; check: string }[]> {
    const rows = await this.rows<{ cdr_type: string; check_type: string }>(
      'SELECT DISTINCT cdr_type, type_of_query_or_check AS check_type FROM cache.qa_checks ORDER BY cdr_type, check_type',
      {},
    );
    return rows.map((r) => ({ cdrType: r.cdr_type, check: r.check_type }));
  }

  /** Outcomes of one check between two dates, both inclusive, ascending by date. */
  async qaOutcomes(q: { cdrType: string; check: string; startDate: string; endDate: string }): Promise<QaOutcome[]> {
    const rows = await this.rows<{ cdr_date: string; cdr_type: string; check_type: string; outcome: string | null }>(
      `SELECT cdr_date, cdr_type, type_of_query_or_check AS check_type, outcome
       FROM cache.qa_checks
       WHERE cdr_type = :cdrType AND type_of_query_or_check = :check
         AND cdr_date BETWEEN CAST(:startDate AS date) AND CAST(:endDate AS date)
       ORDER BY cdr_date`,
      q,
    );
    return rows.map((r) => ({ cdrDate: r.cdr_date, cdrType: r.cdr_type, check: r.check_type, outcome: r.outcome }));
  }
}
