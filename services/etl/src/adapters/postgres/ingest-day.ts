import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { isConnectionError } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CDR_COLUMNS, indexedColumns, type CdrType } from '../../domain/cdr-types.js';
import { EtlState } from '../../domain/etl-state.js';
import { dayBounds, parentTable, partitionCheckName, partitionIndexName, partitionName, stagingTableName } from '../../domain/partition-name.js';
import { EtlError } from '../../errors.js';
import { fileSha256 } from '../fs/file-sha256.js';
import { readCsvHeader } from '../fs/read-csv-header.js';
import { runDdl } from './ddl.js';
import { appendEtlRecord, etlHistory } from './etl-records.js';
import { runQaChecks, type QaOutcome } from './run-qa-checks.js';
import { sqlFiles } from './sql-files.js';

export interface IngestDayOptions {
  cdrType: CdrType;
  /** `YYYY-MM-DD` (UTC day). */
  date: string;
  /** CSV file with a header row naming `events.<type>` columns; gzip when the name ends in `.gz`. */
  filePath: string;
  /** BullMQ job id, recorded in `etl.etl_records.job_id`. */
  jobId?: string;
  /** Precomputed SHA-256 of the file (hex); computed when absent. */
  sha256?: string;
  log: Logger;
  /** Random suffix of the staging table (tests pin it); default 8 random hex characters. */
  newSuffix?: () => string;
}

export interface IngestResult {
  cdrType: CdrType;
  date: string;
  state: typeof EtlState.ingested | typeof EtlState.failed | typeof EtlState.quarantined;
  /** Rows in the new partition (0 unless ingested). */
  rowCount: number;
  /** Operator-readable reason when not ingested. */
  message?: string;
  /** `events.<type>_YYYYMMDD`. */
  partition: string;
  fileName: string;
  fileSha256: string;
  /** QA outcomes appended to etl.post_etl_queries (ingested only; empty if the checks themselves failed). */
  qa: QaOutcome[];
}

const qualified = (t: { schema: string; table: string }): string => `${t.schema}.${t.table}`;

/** Starts an attempt: `pending` (unless already pending) then `ingesting`. Throws EtlError INGEST_IN_PROGRESS. */
async function beginAttempt(db: Knex, o: IngestDayOptions, fileName: string, sha: string): Promise<void> {
  const base = { cdrType: o.cdrType, cdrDate: o.date, fileName, fileSha256: sha, jobId: o.jobId ?? null };
  try {
    await db.transaction(async (trx) => {
      const history = await etlHistory(trx, o.cdrType, o.date);
      const latest = history[history.length - 1]?.state;
      if (latest === EtlState.ingesting) {
        throw new EtlError('INGEST_IN_PROGRESS', `An ingest of ${o.cdrType} ${o.date} is already in progress.`);
      }
      if (latest !== EtlState.pending) await appendEtlRecord(trx, { ...base, state: EtlState.pending });
      await appendEtlRecord(trx, { ...base, state: EtlState.ingesting });
    });
  } catch (err) {
    // The history trigger serialises writers per day; losing that race shows up as an illegal transition.
    if ((err as { code?: string }).code === '23514' && /Illegal ETL state transition/.test((err as Error).message)) {
      throw new EtlError('INGEST_IN_PROGRESS', `An ingest of ${o.cdrType} ${o.date} is already in progress.`, { cause: err });
    }
    throw err;
  }
}

/** Checks the header against the type's columns; throws EtlError CONTENT_REJECTED. */
function checkHeader(type: CdrType, header: string[]): void {
  const known = CDR_COLUMNS[type];
  const unknown = header.filter((c) => !known.includes(c));
  if (unknown.length > 0) {
    throw new EtlError('CONTENT_REJECTED', `Unknown column(s) in the header: ${unknown.join(', ')}; events.${type} has ${known.join(', ')}.`);
  }
  const dup = header.filter((c, i) => header.indexOf(c) !== i);
  if (dup.length > 0) throw new EtlError('CONTENT_REJECTED', `Duplicate column(s) in the header: ${[...new Set(dup)].join(', ')}.`);
  for (const required of ['datetime', 'msisdn']) {
    if (!header.includes(required)) throw new EtlError('CONTENT_REJECTED', `The header has no '${required}' column.`);
  }
}

/** Streams the file into the staging table with COPY on a connection of the knex pool. */
async function copyIntoStaging(db: Knex, staging: string, header: string[], filePath: string, gzip: boolean): Promise<void> {
  const copySql = db.raw('COPY ?? (??) FROM STDIN WITH (FORMAT csv, HEADER true)', [staging, header]).toQuery();
  const conn = (await db.client.acquireConnection()) as pg.Client;
  try {
    const sink = conn.query(copyFrom(copySql));
    const file = createReadStream(filePath);
    if (gzip) await pipeline(file, createGunzip(), sink);
    else await pipeline(file, sink);
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** Postgres data exceptions (22xxx) and integrity violations (23xxx) raised by COPY, and bad gzip: the file's fault. */
function contentProblem(err: unknown): string | undefined {
  if (err instanceof EtlError && err.code === 'CONTENT_REJECTED') return err.message;
  const e = err as { code?: string; where?: string; message?: string; errno?: number };
  if (typeof e.code === 'string' && /^2[23]/.test(e.code)) {
    return `Rejected by COPY: ${e.message}${e.where ? ` (${e.where.replace(/COPY \S+, /, '')})` : ''}`;
  }
  if (typeof e.code === 'string' && /^Z_(DATA|BUF)_ERROR$/.test(e.code)) return `The file is not valid gzip: ${e.message}`;
  return undefined;
}

/**
 * Loads one day of one CDR type (spec/flowdb.md §3, §5, §6): appends `pending` and `ingesting`, COPYs the file into
 * a staging table `etl.stage_<type>_<yyyymmdd>_<rand>` created LIKE the parent, validates it (header columns,
 * every datetime inside the UTC day, msisdn present), adds the day's CHECK constraint and the §3 indexes, then in
 * one transaction replaces any previous partition, attaches the new one as `events.<type>_YYYYMMDD`, updates
 * `events.location_ids`, appends `ingested` (row count, file name, SHA-256) and invalidates cached results of the
 * date. QA checks run afterwards. A file the content checks reject ends `quarantined`, any other error `failed`;
 * both with an operator-readable message, the staging table dropped and the previous partition untouched.
 * Throws EtlError INGEST_IN_PROGRESS when another attempt is running, and rethrows connection errors (after a
 * best-effort `failed` record) so a job runner can retry.
 */
export async function ingestDay(db: Knex, o: IngestDayOptions): Promise<IngestResult> {
  const started = Date.now();
  const log = o.log.child({ cdrType: o.cdrType, date: o.date });
  const fileName = basename(o.filePath);
  const gzip = fileName.endsWith('.gz');
  const sha = o.sha256 ?? (await fileSha256(o.filePath));
  const parent = qualified(parentTable(o.cdrType));
  const part = partitionName(o.cdrType, o.date);
  const partition = qualified(part);
  const stagingRef = stagingTableName(o.cdrType, o.date, (o.newSuffix ?? (() => randomBytes(4).toString('hex')))());
  const staging = qualified(stagingRef);
  const { from, to } = dayBounds(o.date);
  const result = { cdrType: o.cdrType, date: o.date, partition, fileName, fileSha256: sha };

  await beginAttempt(db, o, fileName, sha);
  let rowCount = 0;
  try {
    const header = await readCsvHeader(o.filePath, { gzip });
    checkHeader(o.cdrType, header);
    await runDdl(db, 'CREATE TABLE :staging: (LIKE :parent: INCLUDING DEFAULTS)', { staging, parent });
    await copyIntoStaging(db, staging, header, o.filePath, gzip);

    const { rows } = (await db.raw(sqlFiles.validateStaging, { staging, from, to })) as {
      rows: { total: string; outside: string; null_msisdns: string; earliest: string | null; latest: string | null }[];
    };
    const v = rows[0]!;
    rowCount = Number(v.total);
    if (Number(v.outside) > 0) {
      throw new EtlError(
        'CONTENT_REJECTED',
        `${v.outside} of ${v.total} rows have a datetime outside ${o.date} (UTC); the file spans ${v.earliest} to ${v.latest}.`,
      );
    }
    if (Number(v.null_msisdns) > 0) throw new EtlError('CONTENT_REJECTED', `${v.null_msisdns} of ${v.total} rows have no msisdn.`);

    await runDdl(db, 'ALTER TABLE :staging: ADD CONSTRAINT :check: CHECK (datetime >= :from::timestamptz AND datetime < :to::timestamptz)', {
      staging,
      check: partitionCheckName(o.cdrType, o.date),
      from,
      to,
    });
    for (const column of indexedColumns(o.cdrType)) {
      await runDdl(db, 'CREATE INDEX :index: ON :staging: (:column:)', { index: partitionIndexName(o.cdrType, o.date, column), staging, column });
    }
    await runDdl(db, 'ANALYZE :staging:', { staging });

    await db.transaction(async (trx) => {
      const { rows: existing } = (await trx.raw(
        `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid = c.oid) AS attached
         FROM pg_catalog.pg_class AS c
         JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
         WHERE n.nspname = :schema AND c.relname = :table`,
        { schema: part.schema, table: part.table },
      )) as { rows: { attached: boolean }[] };
      if (existing[0]?.attached) await runDdl(trx, 'ALTER TABLE :parent: DETACH PARTITION :partition:', { parent, partition });
      if (existing[0]) await runDdl(trx, 'DROP TABLE :partition:', { partition });
      await runDdl(trx, sqlFiles.swapPartition, {
        staging,
        partitionName: part.table,
        stagedPartition: `${stagingRef.schema}.${part.table}`,
        partition,
        parent,
        from,
        to,
      });
      await trx.raw(sqlFiles.upsertLocationIds, { partition, cdrType: o.cdrType, cdrDate: o.date });
      await appendEtlRecord(trx, {
        cdrType: o.cdrType,
        cdrDate: o.date,
        state: EtlState.ingested,
        fileName,
        fileSha256: sha,
        rowCount,
        jobId: o.jobId ?? null,
      });
      await trx.raw('SELECT cache.invalidate_dates(?, ARRAY[?]::date[])', [o.cdrType, o.date]);
    });
  } catch (err) {
    const problem = contentProblem(err);
    const state = problem !== undefined ? EtlState.quarantined : EtlState.failed;
    const message = problem ?? `Ingest failed: ${(err as Error).message}`;
    try {
      await runDdl(db, 'DROP TABLE IF EXISTS :staging:', { staging });
      await appendEtlRecord(db, { cdrType: o.cdrType, cdrDate: o.date, state, fileName, fileSha256: sha, message, jobId: o.jobId ?? null });
    } catch (recordErr) {
      log.error({ err: recordErr }, 'ingest.record_failed');
      throw err;
    }
    if (isConnectionError(err)) throw err;
    if (state === EtlState.quarantined) log.warn({ file: fileName, message }, 'ingest.file_quarantined');
    else log.error({ file: fileName, err }, 'ingest.file_failed');
    return { ...result, state, rowCount: 0, message, qa: [] };
  }

  log.info({ file: fileName, rows: rowCount, durationMs: Date.now() - started }, 'ingest.file_ingested');
  let qa: QaOutcome[] = [];
  try {
    qa = await runQaChecks(db, o.cdrType, o.date);
  } catch (err) {
    log.warn({ err }, 'ingest.qa_failed');
  }
  return { ...result, state: EtlState.ingested, rowCount, qa };
}
