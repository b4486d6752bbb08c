import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { isConnectionError } from '@flowdeck/db';
import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { indexedColumns, type CdrType } from '../../domain/cdr-types.js';
import { EtlState } from '../../domain/etl-state.js';
import { compileRowMapper, RowRejected, type RowMapper } from '../../domain/row-mapper.js';
import { defaultSourceDefinition, type SourceDefinition } from '../../domain/source-definition.js';
import { compactDate, dayBounds, parentTable, partitionCheckName, partitionIndexName, partitionName, stagingTableName } from '../../domain/partition-name.js';
import { EtlError } from '../../errors.js';
import { fileSha256 } from '../fs/file-sha256.js';
import { MappingTransform } from '../fs/mapping-transform.js';
import { readCsvHeader } from '../fs/read-csv-header.js';
import { runDdl } from './ddl.js';
import { appendEtlRecord, etlHistory } from './etl-records.js';
import { RunLimit } from './run-limit.js';
import type { OperatorQaCheck } from '../fs/load-operator-qa-checks.js';
import { runQaChecks, type QaOutcome } from './run-qa-checks.js';
import { sqlFiles } from './sql-files.js';

export interface IngestDayOptions {
  cdrType: CdrType;
  /** `YYYY-MM-DD` (UTC day). */
  date: string;
  /** Source file; read as the definition says (default: CSV with a header naming `events.<type>` columns). */
  filePath: string;
  /** Source definition of the type (default: the built-in one). */
  definition?: SourceDefinition;
  /** Whether the file is gzip; default: the definition's rule (`auto`: name ends in `.gz`). */
  gzip?: boolean;
  /** BullMQ job id, recorded in `etl.etl_records.job_id`. */
  jobId?: string;
  /** Precomputed SHA-256 of the file (hex); computed when absent. */
  sha256?: string;
  log: Logger;
  /** Random suffix of the staging table (tests pin it); default 8 random hex characters. */
  newSuffix?: () => string;
  /** Called once the attempt is recorded as `ingesting` (the job runner starts its lease before that). */
  onIngesting?: () => void;
  /**
   * WORKER_MAX_RUN_DURATION_SECONDS: the COPY, validation, index and swap statements share this budget, counted
   * from the `ingesting` record (statement_timeout of each = the time left); 0 or absent = no limit.
   */
  maxRunSeconds?: number;
  /** The operator's own QA checks, run after the built-in ones. */
  operatorQaChecks?: readonly OperatorQaCheck[];
}

/** Milliseconds spent in each phase of one ingest (for the benchmark and logs). */
export interface IngestTimings {
  /** Reading the header and COPY into the staging table. */
  load: number;
  validate: number;
  /** CHECK constraint, indexes, ANALYZE. */
  index: number;
  /** Detach/drop the old partition, attach the new one, record `ingested`, invalidate the cache. */
  swap: number;
  qa: number;
}

export interface IngestResult {
  cdrType: CdrType;
  date: string;
  state: typeof EtlState.ingested | typeof EtlState.failed | typeof EtlState.quarantined;
  /** Rows in the new partition (0 unless ingested). */
  rowCount: number;
  /** Operator-readable reason when not ingested. */
  message?: string;
  /** True when the attempt failed because it exceeded `maxRunSeconds` (a retry would likely time out again). */
  timedOut?: boolean;
  /** `events.<type>_YYYYMMDD`. */
  partition: string;
  fileName: string;
  fileSha256: string;
  /** QA outcomes appended to etl.post_etl_queries (ingested only; empty if the checks themselves failed). */
  qa: QaOutcome[];
  timings: IngestTimings;
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

/** Staging tables left behind by earlier attempts of the same day (a killed worker); dropped before a new one. */
async function dropLeftoverStaging(db: Knex, cdrType: CdrType, date: string): Promise<void> {
  const prefix = `stage_${cdrType}_${compactDate(date)}_`;
  const { rows } = (await db.raw("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'etl' AND starts_with(tablename, ?)", [prefix])) as {
    rows: { tablename: string }[];
  };
  for (const r of rows) await runDdl(db, 'DROP TABLE IF EXISTS :t:', { t: `etl.${r.tablename}` });
}

/** Another day already ingested from a file with the same bytes (a copied or misnamed file). */
async function sameContentElsewhere(db: Knex, o: IngestDayOptions, sha: string): Promise<{ file_name: string; cdr_type: string; cdr_date: string } | undefined> {
  const row = (await db('etl.etl_records')
    .where({ file_sha256: sha, state: EtlState.ingested })
    .whereNot((q) => q.where({ cdr_type: o.cdrType }).andWhere('cdr_date', o.date))
    .orderBy('id', 'desc')
    .first('file_name', 'cdr_type', db.raw("to_char(cdr_date, 'YYYY-MM-DD') AS cdr_date"))) as
    | { file_name: string; cdr_type: string; cdr_date: string }
    | undefined;
  return row;
}

/**
 * Streams the file into the staging table with COPY on a connection of the knex pool: byte for byte when the
 * mapping is the identity (the fast path), else through MappingTransform.
 */
async function copyIntoStaging(
  db: Knex,
  staging: string,
  o: { filePath: string; gzip: boolean; mapper: RowMapper; header: string[]; def: SourceDefinition; limit: RunLimit },
): Promise<void> {
  const { mapper, def } = o;
  const copySql = mapper.identity
    ? db.raw('COPY ?? (??) FROM STDIN WITH (FORMAT csv, HEADER true)', [staging, o.header]).toQuery()
    : db.raw('COPY ?? (??) FROM STDIN WITH (FORMAT csv)', [staging, mapper.columns]).toQuery();
  const conn = (await db.client.acquireConnection()) as pg.Client;
  try {
    await o.limit.runOnConnection(conn, async () => {
      const sink = conn.query(copyFrom(copySql));
      const stages: NodeJS.ReadWriteStream[] = [];
      if (o.gzip) stages.push(createGunzip({ chunkSize: 1 << 18 }));
      if (!mapper.identity) stages.push(new MappingTransform(mapper, def.csv));
      await pipeline([createReadStream(o.filePath, { highWaterMark: 1 << 20 }), ...stages, sink]);
    });
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** Postgres data exceptions (22xxx) and integrity violations (23xxx) raised by COPY, and bad gzip: the file's fault. */
function contentProblem(err: unknown): string | undefined {
  if (err instanceof EtlError && err.code === 'CONTENT_REJECTED') return err.message;
  if (err instanceof RowRejected) return err.message;
  const e = err as { code?: string; where?: string; message?: string; errno?: number };
  if (typeof e.code === 'string' && /^2[23]/.test(e.code)) {
    return `Rejected by COPY: ${e.message}${e.where ? ` (${e.where.replace(/COPY \S+, /, '')})` : ''}`;
  }
  if (typeof e.code === 'string' && /^Z_(DATA|BUF)_ERROR$/.test(e.code)) return `The file is not valid gzip (truncated or corrupt): ${e.message}`;
  return undefined;
}

/**
 * Loads one day of one CDR type (spec/flowdb.md §3, §5, §6): appends `pending` and `ingesting`, streams the file
 * through its source definition (gunzip, CSV dialect, column mapping; byte for byte when the mapping is the
 * identity) into COPY of a staging table `etl.stage_<type>_<yyyymmdd>_<rand>` created LIKE the parent, validates it
 * (non-empty, not a copy of another day's file, header/field counts, timestamps, every datetime inside the UTC day,
 * msisdn present, file unchanged during the load), adds the day's CHECK constraint and the §3 indexes, then in
 * one transaction replaces any previous partition, attaches the new one as `events.<type>_YYYYMMDD`, updates
 * `events.location_ids`, appends `ingested` (row count, file name, SHA-256) and invalidates cached results of the
 * date. QA checks run afterwards. A file the content checks reject ends `quarantined`, any other error `failed`;
 * both with an operator-readable message, the staging table dropped and the previous partition untouched. With
 * `maxRunSeconds`, the COPY/validate/index/swap statements run under `SET LOCAL statement_timeout` = the time left;
 * exceeding it ends the attempt `failed` ("Ingest exceeded the maximum run duration of N seconds.", `timedOut`).
 * Throws EtlError INGEST_IN_PROGRESS when another attempt is running, and rethrows connection errors (after a
 * best-effort `failed` record) so a job runner can retry.
 */
export async function ingestDay(db: Knex, o: IngestDayOptions): Promise<IngestResult> {
  const started = Date.now();
  const log = o.log.child({ cdrType: o.cdrType, date: o.date });
  const fileName = basename(o.filePath);
  const def = o.definition ?? defaultSourceDefinition(o.cdrType);
  const gzip = o.gzip ?? (def.gzip === 'auto' ? fileName.endsWith('.gz') : def.gzip);
  const sha = o.sha256 ?? (await fileSha256(o.filePath));
  const timings: IngestTimings = { load: 0, validate: 0, index: 0, swap: 0, qa: 0 };
  let mark = Date.now();
  const lap = (phase: keyof IngestTimings): void => {
    const t = Date.now();
    timings[phase] += t - mark;
    mark = t;
  };
  const parent = qualified(parentTable(o.cdrType));
  const part = partitionName(o.cdrType, o.date);
  const partition = qualified(part);
  const stagingRef = stagingTableName(o.cdrType, o.date, (o.newSuffix ?? (() => randomBytes(4).toString('hex')))());
  const staging = qualified(stagingRef);
  const { from, to } = dayBounds(o.date);
  const result = { cdrType: o.cdrType, date: o.date, partition, fileName, fileSha256: sha };

  await beginAttempt(db, o, fileName, sha);
  o.onIngesting?.();
  const limit = new RunLimit(o.maxRunSeconds ?? 0);
  let rowCount = 0;
  try {
    await dropLeftoverStaging(db, o.cdrType, o.date);
    const before = await stat(o.filePath);
    if (before.size === 0) throw new EtlError('CONTENT_REJECTED', 'The file is empty (0 bytes).');
    const twin = await sameContentElsewhere(db, o, sha);
    if (twin) {
      throw new EtlError('CONTENT_REJECTED', `The file has the same content as ${twin.file_name ?? 'the file'} already ingested for ${twin.cdr_type} ${twin.cdr_date} (duplicate file).`);
    }
    mark = Date.now();
    const header = def.csv.header ? await readCsvHeader(o.filePath, { gzip, delimiter: def.csv.delimiter, quote: def.csv.quote }) : undefined;
    if (header !== undefined && (header.length === 0 || (header.length === 1 && header[0] === ''))) {
      throw new EtlError('CONTENT_REJECTED', 'The file has no header row (empty after decompression).');
    }
    const mapper = compileRowMapper(def, header);
    await runDdl(db, 'CREATE TABLE :staging: (LIKE :parent: INCLUDING DEFAULTS)', { staging, parent });
    await copyIntoStaging(db, staging, { filePath: o.filePath, gzip, mapper, header: header ?? [], def, limit });
    const after = await stat(o.filePath);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new Error('The file changed while it was being loaded (still being written?); it will be retried.');
    }
    lap('load');

    const { rows } = (await limit.run(db, (q) => q.raw(sqlFiles.validateStaging, { staging, from, to }))) as {
      rows: { total: string; outside: string; null_msisdns: string; earliest: string | null; latest: string | null }[];
    };
    const v = rows[0]!;
    rowCount = Number(v.total);
    if (rowCount === 0) throw new EtlError('CONTENT_REJECTED', 'The file has no data rows.');
    if (Number(v.outside) > 0) {
      throw new EtlError(
        'CONTENT_REJECTED',
        `${v.outside} of ${v.total} rows have a datetime outside ${o.date} (UTC); the file spans ${v.earliest} to ${v.latest}.`,
      );
    }
    if (Number(v.null_msisdns) > 0) throw new EtlError('CONTENT_REJECTED', `${v.null_msisdns} of ${v.total} rows have no msisdn.`);

    lap('validate');
    await limit.run(db, async (q) => {
      await runDdl(q, 'ALTER TABLE :staging: ADD CONSTRAINT :check: CHECK (datetime >= :from::timestamptz AND datetime < :to::timestamptz)', {
        staging,
        check: partitionCheckName(o.cdrType, o.date),
        from,
        to,
      });
      for (const column of indexedColumns(o.cdrType)) {
        await runDdl(q, 'CREATE INDEX :index: ON :staging: (:column:)', { index: partitionIndexName(o.cdrType, o.date, column), staging, column });
      }
      await runDdl(q, 'ANALYZE :staging:', { staging });
    });
    lap('index');

    await db.transaction(async (trx) => {
      await limit.apply(trx);
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
    lap('swap');
  } catch (err) {
    const timedOut = limit.isTimeout(err);
    const problem = timedOut ? undefined : contentProblem(err);
    const state = problem !== undefined ? EtlState.quarantined : EtlState.failed;
    const message = timedOut ? limit.message : (problem ?? `Ingest failed: ${(err as Error).message}`);
    try {
      await runDdl(db, 'DROP TABLE IF EXISTS :staging:', { staging });
      await appendEtlRecord(db, { cdrType: o.cdrType, cdrDate: o.date, state, fileName, fileSha256: sha, message, jobId: o.jobId ?? null });
    } catch (recordErr) {
      log.error({ err: recordErr }, 'ingest.record_failed');
      throw err;
    }
    if (isConnectionError(err)) throw err;
    if (state === EtlState.quarantined) log.warn({ file: fileName, message }, 'ingest.file_quarantined');
    else log.error({ file: fileName, err, timedOut }, 'ingest.file_failed');
    return { ...result, state, rowCount: 0, message, ...(timedOut ? { timedOut } : {}), qa: [], timings };
  }

  log.info({ file: fileName, rows: rowCount, durationMs: Date.now() - started, timings }, 'ingest.file_ingested');
  let qa: QaOutcome[] = [];
  mark = Date.now();
  try {
    qa = await runQaChecks(db, o.cdrType, o.date, o.operatorQaChecks);
  } catch (err) {
    log.warn({ err }, 'ingest.qa_failed');
  }
  lap('qa');
  return { ...result, state: EtlState.ingested, rowCount, qa, timings };
}
