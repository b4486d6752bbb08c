import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import type { CdrType } from '../../domain/cdr-types.js';
import type { EtlState } from '../../domain/etl-state.js';

/** Reads a SQL file of ./sql without its whole-line comments (knex would read `:names` in them as bindings). */
function load(name: string): string {
  const text = readFileSync(fileURLToPath(new URL(`./sql/${name}`, import.meta.url)), 'utf8');
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .trim();
}

const FINISHED_ATTEMPTS_SQL = load('finished-attempts.sql');

/** Latest state of one (cdr_type, cdr_date). */
export interface DayState {
  cdrType: CdrType;
  cdrDate: string;
  state: EtlState;
  timestamp: Date;
}

/** One row of etl.etl_records. */
export interface EtlRecordRow {
  id: number;
  state: EtlState;
  timestamp: Date;
  fileName: string | null;
  fileSha256: string | null;
  rowCount: number | null;
  message: string | null;
  jobId: string | null;
}

/** One row of etl.post_etl_queries. */
export interface QaRow {
  check: string;
  outcome: string | null;
  timestamp: Date;
}

export interface FinishedAttempt {
  cdrType: CdrType;
  cdrDate: string;
  state: 'ingested' | 'failed' | 'quarantined';
  finishedAt: Date;
  /** From the `ingesting` row to the final row. */
  seconds: number;
  rowCount: number | null;
}

/** First and last cdr_date with any history, or undefined when etl.etl_records is empty. */
export async function recordedDateRange(db: Knex): Promise<{ first: string; last: string } | undefined> {
  const { rows } = (await db.raw('SELECT min(cdr_date)::text AS first, max(cdr_date)::text AS last FROM etl.etl_records')) as {
    rows: { first: string | null; last: string | null }[];
  };
  const r = rows[0];
  return r?.first && r.last ? { first: r.first, last: r.last } : undefined;
}

/** Latest state of every (cdr_type, cdr_date) with from <= cdr_date <= to (view etl.ingest_state). */
export async function latestStates(db: Knex, from: string, to: string): Promise<DayState[]> {
  const { rows } = (await db.raw(
    `SELECT cdr_type, cdr_date::text AS cdr_date, state, "timestamp" FROM etl.ingest_state
     WHERE cdr_date BETWEEN ?::date AND ?::date ORDER BY cdr_type, cdr_date`,
    [from, to],
  )) as { rows: { cdr_type: CdrType; cdr_date: string; state: EtlState; timestamp: Date }[] };
  return rows.map((r) => ({ cdrType: r.cdr_type, cdrDate: r.cdr_date, state: r.state, timestamp: r.timestamp }));
}

/** Every history row of one day, oldest first. */
export async function dayHistory(db: Knex, cdrType: CdrType, cdrDate: string): Promise<EtlRecordRow[]> {
  const rows = (await db('etl.etl_records')
    .select('id', 'state', 'timestamp', 'file_name', 'file_sha256', 'row_count', 'message', 'job_id')
    .where({ cdr_type: cdrType, cdr_date: cdrDate })
    .orderBy('id', 'asc')) as {
    id: string;
    state: EtlState;
    timestamp: Date;
    file_name: string | null;
    file_sha256: string | null;
    row_count: string | null;
    message: string | null;
    job_id: string | null;
  }[];
  return rows.map((r) => ({
    id: Number(r.id),
    state: r.state,
    timestamp: r.timestamp,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    rowCount: r.row_count === null ? null : Number(r.row_count),
    message: r.message,
    jobId: r.job_id,
  }));
}

/** Every QA outcome recorded for one day, oldest first. */
export async function dayQa(db: Knex, cdrType: CdrType, cdrDate: string): Promise<QaRow[]> {
  const rows = (await db('etl.post_etl_queries')
    .select('type_of_query_or_check', 'outcome', 'timestamp')
    .where({ cdr_type: cdrType, cdr_date: cdrDate })
    .orderBy('id', 'asc')) as { type_of_query_or_check: string; outcome: string | null; timestamp: Date }[];
  return rows.map((r) => ({ check: r.type_of_query_or_check, outcome: r.outcome, timestamp: r.timestamp }));
}

/** Finished attempts (sql/finished-attempts.sql) whose final row is at or after `since`, oldest first. */
export async function finishedAttempts(db: Knex, since: Date): Promise<FinishedAttempt[]> {
  const { rows } = (await db.raw(FINISHED_ATTEMPTS_SQL, { since })) as {
    rows: { cdr_type: CdrType; cdr_date: string; state: FinishedAttempt['state']; finished_at: Date; seconds: number; row_count: string | null }[];
  };
  return rows.map((r) => ({
    cdrType: r.cdr_type,
    cdrDate: r.cdr_date,
    state: r.state,
    finishedAt: r.finished_at,
    seconds: Number(r.seconds),
    rowCount: r.row_count === null ? null : Number(r.row_count),
  }));
}

/** Number of history rows per (cdr_type, state). */
export async function recordCounts(db: Knex): Promise<{ cdrType: CdrType; state: EtlState; count: number }[]> {
  const { rows } = (await db.raw('SELECT cdr_type, state, count(*)::bigint AS n FROM etl.etl_records GROUP BY cdr_type, state')) as {
    rows: { cdr_type: CdrType; state: EtlState; n: string }[];
  };
  return rows.map((r) => ({ cdrType: r.cdr_type, state: r.state, count: Number(r.n) }));
}
