import type { Knex } from 'knex';
import { appendEtlRecord } from './adapters/postgres/etl-records.js';
import { runDdl } from './adapters/postgres/ddl.js';
import { enqueueIngest, type IngestQueue } from './adapters/redis/ingest-queue.js';
import type { CdrType } from './domain/cdr-types.js';
import { EtlState } from './domain/etl-state.js';
import { parentTable, partitionName } from './domain/partition-name.js';

/** Latest `etl.etl_records` row of one (type, date). */
export interface LatestRecord {
  id: number;
  state: EtlState;
  jobId: string | null;
  fileSha256: string | null;
}

export async function latestRecord(db: Knex | Knex.Transaction, cdrType: CdrType, date: string): Promise<LatestRecord | undefined> {
  const row = (await db('etl.etl_records').where({ cdr_type: cdrType, cdr_date: date }).orderBy('id', 'desc').first('id', 'state', 'job_id', 'file_sha256')) as
    | { id: string; state: EtlState; job_id: string | null; file_sha256: string | null }
    | undefined;
  return row && { id: Number(row.id), state: row.state, jobId: row.job_id, fileSha256: row.file_sha256 };
}

export interface IngestRequest {
  cdrType: CdrType;
  date: string;
  /** Re-ingest: also when the day is already ingested. */
  force?: boolean;
  fileName?: string;
  fileSha256?: string;
}

export interface RequestOutcome {
  cdrType: CdrType;
  date: string;
  action: 'queued' | 'skipped';
  reason?: string;
  jobId?: string;
}

/**
 * Appends `pending` for a day (unless its latest record already is `pending`, whose job is then re-added) and
 * enqueues its ingest job. Skips a day being ingested, and (without `force`) a day already ingested.
 */
export async function requestIngest(db: Knex, queue: IngestQueue, r: IngestRequest, options: { backoffMs: number; retentionSeconds?: number }): Promise<RequestOutcome> {
  const base = { cdrType: r.cdrType, date: r.date };
  const pending = await db.transaction(async (trx): Promise<number | RequestOutcome> => {
    const latest = await latestRecord(trx, r.cdrType, r.date);
    if (latest?.state === EtlState.ingesting) return { ...base, action: 'skipped', reason: 'an ingest is in progress' };
    if (latest?.state === EtlState.pending) return latest.id;
    if (latest?.state === EtlState.ingested && !r.force) return { ...base, action: 'skipped', reason: 'already ingested (use reingest to replace it)' };
    return appendEtlRecord(trx, { ...base, cdrDate: r.date, state: EtlState.pending, fileName: r.fileName ?? null, fileSha256: r.fileSha256 ?? null });
  });
  if (typeof pending !== 'number') return pending;
  const jobId = await enqueueIngest(queue, { ...base, pendingId: pending, fileName: r.fileName, fileSha256: r.fileSha256 }, options);
  return { ...base, action: 'queued', jobId };
}

export interface DropOutcome {
  cdrType: CdrType;
  date: string;
  action: 'dropped' | 'skipped';
  reason?: string;
}

/**
 * Operator drop (spec/flowdb.md §5, §8.4): in one transaction detaches and drops `events.<type>_YYYYMMDD`, appends
 * `dropped` and invalidates cached results of the date. Skips a day with no history, already dropped, or being
 * ingested.
 */
export async function dropDay(db: Knex, cdrType: CdrType, date: string): Promise<DropOutcome> {
  const base = { cdrType, date };
  return db.transaction(async (trx): Promise<DropOutcome> => {
    const latest = await latestRecord(trx, cdrType, date);
    if (latest === undefined) return { ...base, action: 'skipped', reason: 'no ingest history for this day' };
    if (latest.state === EtlState.dropped) return { ...base, action: 'skipped', reason: 'already dropped' };
    if (latest.state === EtlState.ingesting) return { ...base, action: 'skipped', reason: 'an ingest is in progress' };
    const part = partitionName(cdrType, date);
    const partition = `${part.schema}.${part.table}`;
    const { rows } = (await trx.raw(
      `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid = c.oid) AS attached
       FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
       WHERE n.nspname = :schema AND c.relname = :table`,
      { schema: part.schema, table: part.table },
    )) as { rows: { attached: boolean }[] };
    const parent = parentTable(cdrType);
    if (rows[0]?.attached) await runDdl(trx, 'ALTER TABLE :parent: DETACH PARTITION :partition:', { parent: `${parent.schema}.${parent.table}`, partition });
    if (rows[0]) await runDdl(trx, 'DROP TABLE :partition:', { partition });
    await appendEtlRecord(trx, { cdrType, cdrDate: date, state: EtlState.dropped, message: 'dropped by the operator' });
    await trx.raw('SELECT cache.invalidate_dates(?, ARRAY[?]::date[])', [cdrType, date]);
    return { ...base, action: 'dropped' };
  });
}

/** Latest state of one (type, date), for `flowdeck etl status` and the monitor. */
export interface DayStatus {
  cdrType: CdrType;
  date: string;
  state: EtlState;
  timestamp: string;
  fileName: string | null;
  rowCount: number | null;
  message: string | null;
  available: boolean;
}

/** Latest record per (type, date) in `[from, to]` (optionally one type), ordered by date then type. */
export async function ingestStatus(db: Knex, q: { cdrType?: CdrType; from: string; to: string }): Promise<DayStatus[]> {
  const { rows } = (await db.raw(
    `SELECT DISTINCT ON (r.cdr_type, r.cdr_date)
       r.cdr_type, to_char(r.cdr_date, 'YYYY-MM-DD') AS cdr_date, r.state,
       to_char(r."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ts,
       r.file_name, r.row_count, r.message,
       EXISTS (SELECT 1 FROM etl.available_dates a WHERE a.cdr_type = r.cdr_type AND a.cdr_date = r.cdr_date) AS available
     FROM etl.etl_records AS r
     WHERE r.cdr_date BETWEEN :from AND :to AND (:type::text IS NULL OR r.cdr_type = :type)
     ORDER BY r.cdr_type, r.cdr_date, r.id DESC`,
    { from: q.from, to: q.to, type: q.cdrType ?? null },
  )) as { rows: { cdr_type: CdrType; cdr_date: string; state: EtlState; ts: string; file_name: string | null; row_count: string | null; message: string | null; available: boolean }[] };
  return rows
    .map((r) => ({
      cdrType: r.cdr_type,
      date: r.cdr_date,
      state: r.state,
      timestamp: r.ts,
      fileName: r.file_name,
      rowCount: r.row_count === null ? null : Number(r.row_count),
      message: r.message,
      available: r.available,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.cdrType.localeCompare(b.cdrType));
}
