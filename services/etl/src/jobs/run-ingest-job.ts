import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import { appendEtlRecord } from '../adapters/postgres/etl-records.js';
import { ingestDay, type IngestResult } from '../adapters/postgres/ingest-day.js';
import { fileSha256 } from '../adapters/fs/file-sha256.js';
import { combinedSha256, duplicateFilesMessage, findSourceFiles } from '../adapters/fs/find-source-files.js';
import type { OperatorQaCheck } from '../adapters/fs/load-operator-qa-checks.js';
import type { SourceDefinitions } from '../adapters/fs/source-definitions.js';
import type { IngestJobData } from '../adapters/redis/ingest-queue.js';
import type { LeaseStore } from '../adapters/redis/lease-store.js';
import { EtlState } from '../domain/etl-state.js';
import { EtlError } from '../errors.js';
import { latestRecord } from '../etl-control.js';

/** Message of an `ingesting` attempt closed because its worker's lease expired (spec/flowdb.md §5). */
export const ABANDONED_MESSAGE = 'ingest abandoned by its worker';

export interface IngestJobDeps {
  db: Knex;
  etlDir: string;
  definitions: SourceDefinitions;
  leases: LeaseStore;
  /** Lease owner id of this worker process. */
  owner: string;
  log: Logger;
  /** WORKER_KEEPALIVE_INTERVAL in milliseconds: lease renewal period during a load. */
  keepaliveMs: number;
  /** WORKER_MAX_RUN_DURATION_SECONDS (0 = none). */
  maxRunSeconds?: number;
  /** The operator's own QA checks (`<FLOWETL_CONFIG_DIR>/qa/*.sql`). */
  operatorQaChecks?: readonly OperatorQaCheck[];
}

export type IngestJobOutcome =
  | { outcome: 'ingested'; rowCount: number; result: IngestResult }
  | { outcome: 'skipped'; reason: string };

/**
 * Appends `pending` (unless latest), `ingesting` and a final `failed`/`quarantined` row for an attempt that cannot
 * start loading (no file, several files). Returns false when another writer moved the day meanwhile.
 */
async function recordRejected(db: Knex, d: IngestJobData, jobId: string, state: 'failed' | 'quarantined', message: string, sha: string | null): Promise<void> {
  const base = { cdrType: d.cdrType, cdrDate: d.date, jobId, fileSha256: sha };
  await db.transaction(async (trx) => {
    const latest = await latestRecord(trx, d.cdrType, d.date);
    if (latest?.state !== EtlState.pending) await appendEtlRecord(trx, { ...base, state: EtlState.pending });
    await appendEtlRecord(trx, { ...base, state: EtlState.ingesting });
    await appendEtlRecord(trx, { ...base, state, message });
  });
}

/**
 * One ingest job (idempotent): loads `(cdrType, date)` if its history still asks for it. Proceeds when the latest
 * record is `pending`, a `failed` attempt of this same job (a BullMQ retry), or an `ingesting` attempt whose lease
 * expired (closed `failed` "ingest abandoned by its worker" first); otherwise the request was already served and
 * the job is skipped. Holds the day's lease in Redis for the whole load, renewed every keepalive interval.
 * Throws EtlError: `INGEST_IN_PROGRESS` (another live worker; retry later), `CONTENT_REJECTED` (quarantined; do not
 * retry), `NO_SOURCE_FILE` (failed; do not retry), `INGEST_TIMED_OUT` (failed: exceeded WORKER_MAX_RUN_DURATION_SECONDS;
 * do not retry, it would likely time out again), `INGEST_FAILED` (failed; retry with backoff).
 */
export async function runIngestJob(deps: IngestJobDeps, job: { id: string; data: IngestJobData }): Promise<IngestJobOutcome> {
  const { db, leases } = deps;
  // One lease holder per job, so two jobs of the same process never share a day.
  const owner = `${deps.owner}:${job.id}`;
  const d = job.data;
  const log = deps.log.child({ jobId: job.id, cdrType: d.cdrType, date: d.date });
  const latest = await latestRecord(db, d.cdrType, d.date);
  const busy = (): EtlError => new EtlError('INGEST_IN_PROGRESS', `An ingest of ${d.cdrType} ${d.date} is already in progress.`);
  if (latest?.state === EtlState.ingesting) {
    if ((await leases.holder(d.cdrType, d.date)) !== undefined) throw busy();
    // The worker of that attempt died: close it, then serve this request.
    try {
      await appendEtlRecord(db, { cdrType: d.cdrType, cdrDate: d.date, state: EtlState.failed, message: ABANDONED_MESSAGE, jobId: latest.jobId });
      log.warn({ abandonedJob: latest.jobId }, 'ingest.closed_abandoned');
    } catch {
      throw busy();
    }
  } else if (!(latest?.state === EtlState.pending || (latest?.state === EtlState.failed && latest.jobId === job.id))) {
    const reason = latest === undefined ? 'no ingest was requested' : `already served (latest state ${latest.state})`;
    log.info({ reason }, 'ingest.job_skipped');
    return { outcome: 'skipped', reason };
  }

  if (!(await leases.acquire(d.cdrType, d.date, owner))) throw busy();
  const renew = setInterval(() => {
    leases.renew(d.cdrType, d.date, owner).then(
      (kept) => kept || log.warn({}, 'ingest.lease_lost'),
      (err: unknown) => log.warn({ err }, 'ingest.lease_renew_failed'),
    );
  }, deps.keepaliveMs);
  try {
    const files = (await findSourceFiles(deps.etlDir, deps.definitions)).filter((f) => f.cdrType === d.cdrType && f.date === d.date);
    if (files.length === 0) {
      const message = `No file for ${d.cdrType} ${d.date} in the ETL directory (pattern ${deps.definitions[d.cdrType].filePattern}).`;
      await recordRejected(db, d, job.id, EtlState.failed, message, null);
      throw new EtlError('NO_SOURCE_FILE', message);
    }
    if (files.length > 1) {
      const shas = await Promise.all(files.map(async (f) => ({ fileName: f.fileName, sha256: await fileSha256(join(deps.etlDir, f.fileName)) })));
      const message = duplicateFilesMessage(d.cdrType, d.date, files.map((f) => f.fileName));
      await recordRejected(db, d, job.id, EtlState.quarantined, message, combinedSha256(shas));
      throw new EtlError('CONTENT_REJECTED', message);
    }
    const file = files[0]!;
    const path = join(deps.etlDir, file.fileName);
    if (!existsSync(path)) throw new EtlError('INGEST_FAILED', `The file ${file.fileName} disappeared.`);
    const result = await ingestDay(db, {
      cdrType: d.cdrType,
      date: d.date,
      filePath: path,
      definition: deps.definitions[d.cdrType],
      gzip: file.gzip,
      sha256: d.fileName === file.fileName ? d.fileSha256 : undefined,
      jobId: job.id,
      log,
      maxRunSeconds: deps.maxRunSeconds,
      operatorQaChecks: deps.operatorQaChecks,
    });
    if (result.state === EtlState.quarantined) throw new EtlError('CONTENT_REJECTED', result.message ?? 'quarantined');
    if (result.state === EtlState.failed) throw new EtlError(result.timedOut ? 'INGEST_TIMED_OUT' : 'INGEST_FAILED', result.message ?? 'failed');
    return { outcome: 'ingested', rowCount: result.rowCount, result };
  } catch (err) {
    if (err instanceof EtlError) throw err;
    throw new EtlError('INGEST_FAILED', `Ingest failed: ${(err as Error).message}`, { cause: err });
  } finally {
    clearInterval(renew);
    await leases.release(d.cdrType, d.date, owner).catch((err: unknown) => log.warn({ err }, 'ingest.lease_release_failed'));
  }
}
