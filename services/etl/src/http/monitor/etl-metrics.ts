import type { Logger } from '@flowdeck/log';
import type { Knex } from 'knex';
import { Counter, Histogram } from 'prom-client';
import { ServiceMetrics } from '@flowdeck/metrics';
import { finishedAttempts, recordCounts } from './monitor-queries.js';

/**
 * The ETL service's Prometheus metrics (spec/api.md §11.3) in a registry of its own. The ingest metrics are
 * computed from FlowDB at every scrape (etl.etl_records is append-only, so the counters never go down), which keeps
 * them right whichever process ran the ingest; every ETL process therefore reports the same, FlowDB-wide values.
 */
export class EtlMetrics extends ServiceMetrics {
  private readonly ingestRows = new Counter({
    name: 'flowdeck_ingest_rows_total',
    help: 'Rows loaded by successful ingests (sum of row_count of the ingested rows of etl.etl_records).',
    labelNames: ['cdr_type'] as const,
    registers: [this.registry],
  });
  private readonly ingestDuration = new Histogram({
    name: 'flowdeck_ingest_duration_seconds',
    help: 'Duration of successful ingests, from the ingesting row to the ingested row of etl.etl_records.',
    labelNames: ['cdr_type'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  private readonly ingestFiles = new Counter({
    name: 'flowdeck_ingest_files_total',
    help: 'Rows of etl.etl_records (file attempts and their outcomes), by CDR type and state.',
    labelNames: ['cdr_type', 'state'] as const,
    registers: [this.registry],
  });

  constructor(private readonly deps: { db: Knex; log: Logger }) {
    super('etl');
  }

  /** Recomputes the ingest metrics from etl.etl_records; on failure keeps the previous values and logs. */
  private async refreshIngest(): Promise<void> {
    try {
      const [counts, attempts] = await Promise.all([recordCounts(this.deps.db), finishedAttempts(this.deps.db, new Date(0))]);
      this.ingestFiles.reset();
      for (const c of counts) this.ingestFiles.inc({ cdr_type: c.cdrType, state: c.state }, c.count);
      this.ingestRows.reset();
      this.ingestDuration.reset();
      for (const a of attempts) {
        if (a.state !== 'ingested') continue;
        this.ingestRows.inc({ cdr_type: a.cdrType }, a.rowCount ?? 0);
        this.ingestDuration.observe({ cdr_type: a.cdrType }, Math.max(0, a.seconds));
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'metrics.ingest_refresh_failed');
    }
  }

  /** Exposition text and its Content-Type (text format 0.0.4), with the ingest metrics freshly computed. */
  override async exposition(): Promise<{ contentType: string; text: string }> {
    await this.refreshIngest();
    return super.exposition();
  }
}
