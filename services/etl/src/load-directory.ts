import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import { etlHistory } from './adapters/postgres/etl-records.js';
import { fileSha256 } from './adapters/fs/file-sha256.js';
import { ingestDay } from './adapters/postgres/ingest-day.js';
import { loadInfrastructure, type InfrastructureSummary } from './adapters/postgres/load-infrastructure.js';
import { CDR_TYPES, type CdrType } from './domain/cdr-types.js';
import { parseFileName } from './domain/parse-file-name.js';
import { planIngest } from './domain/plan-ingest.js';
import { EtlError } from './errors.js';

export interface LoadDirectoryOptions {
  log: Logger;
  /** Called before each CDR file with the number of files done so far and the total. */
  onProgress?(done: number, total: number, fileName: string): void;
  /** Skip infrastructure and geography when their fingerprint equals this (from a previous summary). */
  infrastructureFingerprint?: string;
  /** Recorded as `job_id` of the attempts. */
  jobId?: string;
}

export type FileOutcome = 'ingested' | 'failed' | 'quarantined' | 'skipped';

export interface LoadedFile {
  fileName: string;
  cdrType: CdrType;
  date: string;
  outcome: FileOutcome;
  rowCount: number;
  /** Why it was skipped, or the failure message. */
  message?: string;
}

export interface LoadDirectorySummary {
  /** Tables loaded, or `undefined` when skipped (unchanged) or absent. */
  infrastructure?: InfrastructureSummary;
  /** SHA-256 over the infrastructure and geography files; pass it back to skip unchanged files next time. */
  infrastructureFingerprint: string;
  /** Message when loading infrastructure or geography was rejected. */
  infrastructureError?: string;
  files: LoadedFile[];
  counts: Record<FileOutcome, number>;
}

const INFRASTRUCTURE_PATHS = [
  'infrastructure/sites.csv',
  'infrastructure/cells.csv',
  'infrastructure/tacs.csv',
  'geography/admin0.geojson',
  'geography/admin1.geojson',
  'geography/admin2.geojson',
  'geography/admin3.geojson',
];

/** SHA-256 over the names and bytes of the infrastructure and geography files present in `dir`. */
export async function infrastructureFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const p of INFRASTRUCTURE_PATHS) {
    const path = join(dir, p);
    if (!existsSync(path)) continue;
    hash.update(`${p}\n`).update(await readFile(path));
  }
  return hash.digest('hex');
}

/** CDR files of a directory (top level), ordered by date then type. */
export async function findCdrFiles(dir: string): Promise<{ fileName: string; cdrType: CdrType; date: string }[]> {
  const names = await readdir(dir);
  return names
    .flatMap((n) => {
      const parsed = parseFileName(n);
      return parsed ? [{ fileName: n, cdrType: parsed.cdrType, date: parsed.date }] : [];
    })
    .sort((a, b) => a.date.localeCompare(b.date) || CDR_TYPES.indexOf(a.cdrType) - CDR_TYPES.indexOf(b.cdrType) || a.fileName.localeCompare(b.fileName));
}

/**
 * Loads an ETL directory: first `infrastructure/` and `geography/` (skipped when unchanged since
 * `infrastructureFingerprint`), then every `<type>_YYYYMMDD.csv[.gz]` file, one day at a time through `ingestDay`.
 * A file whose content was already ingested, quarantined or dropped (same SHA-256), or that is being ingested, is
 * skipped. A rejected file does not stop the others. Throws only when FlowDB is unreachable or the directory
 * cannot be read.
 */
export async function loadDirectory(db: Knex, dir: string, opts: LoadDirectoryOptions): Promise<LoadDirectorySummary> {
  const log = opts.log;
  const fingerprint = await infrastructureFingerprint(dir);
  const summary: LoadDirectorySummary = {
    infrastructureFingerprint: fingerprint,
    files: [],
    counts: { ingested: 0, failed: 0, quarantined: 0, skipped: 0 },
  };
  if (fingerprint !== opts.infrastructureFingerprint) {
    try {
      summary.infrastructure = await loadInfrastructure(db, dir, { log });
    } catch (err) {
      if (!(err instanceof EtlError)) throw err;
      summary.infrastructureError = err.message;
      log.error({ message: err.message }, 'infrastructure.rejected');
    }
  }
  const files = await findCdrFiles(dir);
  for (const [i, f] of files.entries()) {
    opts.onProgress?.(i, files.length, f.fileName);
    const path = join(dir, f.fileName);
    const sha = await fileSha256(path);
    const plan = planIngest(await etlHistory(db, f.cdrType, f.date), sha);
    let entry: LoadedFile;
    if (plan.action === 'skip') {
      entry = { ...f, outcome: 'skipped', rowCount: 0, message: plan.reason };
    } else {
      try {
        const r = await ingestDay(db, { cdrType: f.cdrType, date: f.date, filePath: path, sha256: sha, log, jobId: opts.jobId });
        entry = { ...f, outcome: r.state, rowCount: r.rowCount, message: r.message };
      } catch (err) {
        if (!(err instanceof EtlError) || err.code !== 'INGEST_IN_PROGRESS') throw err;
        entry = { ...f, outcome: 'skipped', rowCount: 0, message: err.message };
      }
    }
    summary.files.push(entry);
    summary.counts[entry.outcome]++;
  }
  opts.onProgress?.(files.length, files.length, '');
  log.info({ dir, ...summary.counts }, 'etl.directory_loaded');
  return summary;
}
