import type { Knex } from 'knex';
import type pg from 'pg';

/** Postgres `query_canceled`: raised when statement_timeout fires. */
const QUERY_CANCELED = '57014';

/** Thrown when the budget is already spent before a statement starts. */
class RunBudgetSpent extends Error {
  readonly code = QUERY_CANCELED;
}

/**
 * WORKER_MAX_RUN_DURATION_SECONDS of one ingest, counted from construction: each limited statement (or group of
 * statements in one transaction) runs with `SET LOCAL statement_timeout` = the time left, so the whole load, not
 * each statement, is bounded. 0 = no limit (statements run as they are).
 */
export class RunLimit {
  private readonly deadline: number | undefined;

  constructor(
    readonly maxRunSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = maxRunSeconds > 0 ? now() + maxRunSeconds * 1000 : undefined;
  }

  /** Operator-readable message of an ingest stopped by the limit. */
  get message(): string {
    return `Ingest exceeded the maximum run duration of ${this.maxRunSeconds} seconds.`;
  }

  /** Milliseconds left (at least 1); undefined without a limit. Throws a query_canceled error when none is left. */
  private timeoutMs(): number | undefined {
    if (this.deadline === undefined) return undefined;
    const left = Math.ceil(this.deadline - this.now());
    if (left <= 0) throw new RunBudgetSpent(this.message);
    return left;
  }

  /** Whether `err` is this limit firing (statement_timeout, or the budget spent before a statement). */
  isTimeout(err: unknown): boolean {
    return this.deadline !== undefined && (err as { code?: unknown } | null)?.code === QUERY_CANCELED;
  }

  /** Sets the remaining time as statement_timeout of the current transaction (no-op without a limit). */
  async apply(trx: Knex.Transaction): Promise<void> {
    const ms = this.timeoutMs();
    if (ms !== undefined) await trx.raw(`SET LOCAL statement_timeout = ${ms}`);
  }

  /** Runs `fn` in a transaction limited to the time left; without a limit, directly on `db` (autocommit). */
  async run<T>(db: Knex, fn: (q: Knex | Knex.Transaction) => Promise<T>): Promise<T> {
    if (this.deadline === undefined) return fn(db);
    return db.transaction(async (trx) => {
      await this.apply(trx);
      return fn(trx);
    });
  }

  /** Runs `fn` (a COPY) on a raw pg connection inside BEGIN … COMMIT limited to the time left. */
  async runOnConnection<T>(conn: pg.Client, fn: () => Promise<T>): Promise<T> {
    const ms = this.timeoutMs();
    if (ms === undefined) return fn();
    await conn.query('BEGIN');
    try {
      await conn.query(`SET LOCAL statement_timeout = ${ms}`);
      const result = await fn();
      await conn.query('COMMIT');
      return result;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
