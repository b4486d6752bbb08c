import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import { fileSha256 } from '../adapters/fs/file-sha256.js';
import { combinedSha256, findSourceFiles, type SourceFile } from '../adapters/fs/find-source-files.js';
import type { SourceDefinitions } from '../adapters/fs/source-definitions.js';
import { etlHistory } from '../adapters/postgres/etl-records.js';
import { loadInfrastructure } from '../adapters/postgres/load-infrastructure.js';
import type { IngestQueue } from '../adapters/redis/ingest-queue.js';
import { planIngest } from '../domain/plan-ingest.js';
import { EtlError } from '../errors.js';
import { requestIngest, type RequestOutcome } from '../etl-control.js';
import { infrastructureFingerprint } from '../load-directory.js';

export interface IngestSchedulerOptions {
  db: Knex;
  /** FLOWDB_ETL_DIR. */
  dir: string;
  definitions: SourceDefinitions;
  queue: IngestQueue;
  log: Logger;
  /** FLOWETL_SCAN_INTERVAL_SECONDS in ms. */
  intervalMs: number;
  /** FLOWETL_FILE_SETTLE_SECONDS in ms: minimum age of a file's modification time before it is picked up. */
  settleMs: number;
  backoffMs: number;
  retentionSeconds: number;
  now?: () => number;
}

export interface ScanSummary {
  requested: RequestOutcome[];
  /** `<file>: <reason>` of files left alone (already ingested, quarantined, ...). */
  skipped: string[];
  /** Files whose modification time is too recent (still being written?). */
  unsettled: string[];
  infrastructureError?: string;
}

/**
 * The ETL scheduler: scans FLOWDB_ETL_DIR at start, every FLOWETL_SCAN_INTERVAL_SECONDS and shortly after any change
 * (fs.watch). Infrastructure and geography are loaded directly when they change; each CDR day whose files are
 * settled (modification time older than FLOWETL_FILE_SETTLE_SECONDS) and whose content is new gets a `pending`
 * record and an ingest job. Scans never overlap; `close()` is idempotent.
 */
export class IngestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private running: Promise<ScanSummary | undefined> | undefined;
  private again = false;
  private closing: Promise<void> | undefined;
  private fingerprint: string | undefined;
  private readonly shaCache = new Map<string, string>();
  lastSummary: ScanSummary | undefined;

  constructor(private readonly o: IngestSchedulerOptions) {}

  start(): void {
    try {
      this.watcher = watch(this.o.dir, () => this.trigger(500));
      this.watcher.on('error', (err) => this.o.log.warn({ err }, 'scheduler.watch_failed'));
    } catch (err) {
      this.o.log.warn({ err }, 'scheduler.watch_unavailable');
    }
    this.trigger(0);
  }

  /** Schedules a scan after `delayMs` unless one is due sooner. */
  private trigger(delayMs: number): void {
    if (this.closing) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.scanOnce().then((s) => {
        const next = this.again ? 0 : s && s.unsettled.length > 0 ? Math.min(this.o.intervalMs, this.o.settleMs + 100) : this.o.intervalMs;
        this.again = false;
        this.trigger(next);
      });
    }, delayMs);
  }

  private async sha(dir: string, f: SourceFile): Promise<string> {
    const key = `${f.fileName}|${f.size}|${f.mtimeMs}`;
    let sha = this.shaCache.get(key);
    if (sha === undefined) {
      sha = await fileSha256(join(dir, f.fileName));
      this.shaCache.set(key, sha);
    }
    return sha;
  }

  /** One scan (tests call it); resolves with what it did, or undefined when it failed (logged). */
  scanOnce(): Promise<ScanSummary | undefined> {
    this.running ??= this.scan()
      .catch((err: unknown) => {
        this.o.log.error({ err }, 'etl.scan_failed');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async scan(): Promise<ScanSummary> {
    const { db, dir, log } = this.o;
    const now = (this.o.now ?? Date.now)();
    const summary: ScanSummary = { requested: [], skipped: [], unsettled: [] };
    const fingerprint = await infrastructureFingerprint(dir);
    if (fingerprint !== this.fingerprint) {
      try {
        await loadInfrastructure(db, dir, { log });
        this.fingerprint = fingerprint;
      } catch (err) {
        if (!(err instanceof EtlError)) throw err;
        summary.infrastructureError = err.message;
        log.error({ message: err.message }, 'infrastructure.rejected');
      }
    }
    const groups = new Map<string, SourceFile[]>();
    for (const f of await findSourceFiles(dir, this.o.definitions)) {
      const key = `${f.cdrType} ${f.date}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const files of groups.values()) {
      const unsettled = files.filter((f) => now - f.mtimeMs < this.o.settleMs);
      if (unsettled.length > 0) {
        summary.unsettled.push(...unsettled.map((f) => f.fileName));
        continue;
      }
      const first = files[0]!;
      const shas = await Promise.all(files.map(async (f) => ({ fileName: f.fileName, sha256: await this.sha(dir, f) })));
      const sha = files.length === 1 ? shas[0]!.sha256 : combinedSha256(shas);
      const plan = planIngest(await etlHistory(db, first.cdrType, first.date), sha, { retryFailed: false });
      if (plan.action === 'skip') {
        summary.skipped.push(...files.map((f) => `${f.fileName}: ${plan.reason}`));
        continue;
      }
      const outcome = await requestIngest(
        db,
        this.o.queue,
        { cdrType: first.cdrType, date: first.date, force: true, ...(files.length === 1 ? { fileName: first.fileName, fileSha256: sha } : { fileSha256: sha }) },
        this.o,
      );
      summary.requested.push(outcome);
    }
    this.lastSummary = summary;
    const queued = summary.requested.filter((r) => r.action === 'queued').length;
    if (queued > 0 || summary.unsettled.length > 0) log.info({ queued, unsettled: summary.unsettled.length, skipped: summary.skipped.length }, 'etl.scan');
    return summary;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer);
      this.watcher?.close();
      await this.running;
      clearTimeout(this.timer);
    })();
    return this.closing;
  }
}
