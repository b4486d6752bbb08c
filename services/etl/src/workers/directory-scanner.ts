import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import { loadDirectory, type LoadDirectorySummary } from '../load-directory.js';

export interface DirectoryScannerOptions {
  db: Knex;
  /** Directory to scan (FLOWDB_ETL_DIR). */
  dir: string;
  /** Pause between the end of one scan and the start of the next, in milliseconds. */
  intervalMs: number;
  log: Logger;
}

/**
 * Loads the ETL directory once at start, then again every `intervalMs` (files already ingested with the same
 * SHA-256 are skipped; infrastructure is reloaded only when its files change). Scans never overlap. A scan that
 * fails (FlowDB down, directory unreadable) is logged and retried at the next interval. `close()` stops the timer
 * and waits for a running scan to finish; it is idempotent.
 */
export class DirectoryScanner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private fingerprint: string | undefined;
  /** Summary of the last completed scan. */
  lastSummary: LoadDirectorySummary | undefined;

  constructor(private readonly options: DirectoryScannerOptions) {}

  /** Starts the first scan now. */
  start(): void {
    this.schedule(0);
  }

  /** Runs one scan (also used by tests); resolves when it is done. */
  async scanOnce(): Promise<LoadDirectorySummary | undefined> {
    const { db, dir, log } = this.options;
    try {
      const summary = await loadDirectory(db, dir, { log, infrastructureFingerprint: this.fingerprint });
      if (summary.infrastructureError === undefined) this.fingerprint = summary.infrastructureFingerprint;
      this.lastSummary = summary;
      return summary;
    } catch (err) {
      log.error({ err }, 'etl.scan_failed');
      return undefined;
    }
  }

  private schedule(delayMs: number): void {
    if (this.closing) return;
    this.timer = setTimeout(() => {
      this.running = this.scanOnce().then(() => {
        this.running = undefined;
        this.schedule(this.options.intervalMs);
      });
    }, delayMs);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer);
      await this.running;
      clearTimeout(this.timer);
    })();
    return this.closing;
  }
}
