import type { Logger } from '@flowdeck/log';
import { IntervalTask } from '@flowdeck/schedule';
import type { Knex } from 'knex';
import { appendEtlRecord } from '../adapters/postgres/etl-records.js';
import { enqueueIngest, type IngestQueue } from '../adapters/redis/ingest-queue.js';
import type { LeaseStore } from '../adapters/redis/lease-store.js';
import type { CdrType } from '../domain/cdr-types.js';
import { EtlState } from '../domain/etl-state.js';
import { ABANDONED_MESSAGE } from '../jobs/run-ingest-job.js';
import { ingestJobId } from '../keys.js';

export interface EtlJanitorOptions {
  db: Knex;
  queue: IngestQueue;
  leases: LeaseStore;
  log: Logger;
  /** WORKER_KEEPALIVE_INTERVAL in ms: time between passes. */
  intervalMs: number;
  backoffMs: number;
  retentionSeconds: number;
}

export interface EtlJanitorReport {
  /** `<type> <date>` of `ingesting` attempts closed as abandoned and re-queued. */
  abandoned: string[];
  /** `<type> <date>` of `pending` requests whose job was missing and re-added. */
  reEnqueued: string[];
}

/**
 * Gives every ETL state an exit: an `ingesting` attempt whose worker lease expired is closed `failed` ("ingest
 * abandoned by its worker"), a new `pending` is appended and its job enqueued, so the day completes once a worker
 * runs; a `pending` request without a queue job (lost Redis, crash between the two writes) gets its job. Runs at
 * start and every keepalive interval; `close()` is idempotent.
 */
export class EtlJanitor {
  private readonly task: IntervalTask<EtlJanitorReport>;

  constructor(private readonly o: EtlJanitorOptions) {
    this.task = new IntervalTask({
      intervalMs: o.intervalMs,
      runAtStart: true,
      run: () => this.pass(),
      onError: (err) => this.o.log.error({ err }, 'etl_janitor.pass_failed'),
    });
  }

  start(): void {
    this.task.start();
  }

  /** One pass (shared when one is in flight); never rejects. */
  runOnce(): Promise<EtlJanitorReport | undefined> {
    return this.task.runOnce();
  }

  private async pass(): Promise<EtlJanitorReport> {
    const { db, leases, log } = this.o;
    const report: EtlJanitorReport = { abandoned: [], reEnqueued: [] };
    const { rows } = (await db.raw(
      `SELECT DISTINCT ON (cdr_type, cdr_date) id, cdr_type, to_char(cdr_date, 'YYYY-MM-DD') AS cdr_date, state, job_id
       FROM etl.etl_records ORDER BY cdr_type, cdr_date, id DESC`,
    )) as { rows: { id: string; cdr_type: CdrType; cdr_date: string; state: string; job_id: string | null }[] };
    for (const r of rows) {
      if (r.state === EtlState.ingesting) {
        if ((await leases.holder(r.cdr_type, r.cdr_date)) !== undefined) continue;
        let pendingId: number;
        try {
          pendingId = await db.transaction(async (trx) => {
            await appendEtlRecord(trx, { cdrType: r.cdr_type, cdrDate: r.cdr_date, state: EtlState.failed, message: ABANDONED_MESSAGE, jobId: r.job_id });
            return appendEtlRecord(trx, { cdrType: r.cdr_type, cdrDate: r.cdr_date, state: EtlState.pending, message: 'requeued by the janitor' });
          });
        } catch (err) {
          log.debug({ err }, 'etl_janitor.lost_race');
          continue;
        }
        await enqueueIngest(this.o.queue, { cdrType: r.cdr_type, date: r.cdr_date, pendingId }, this.o);
        report.abandoned.push(`${r.cdr_type} ${r.cdr_date}`);
        log.warn({ cdrType: r.cdr_type, date: r.cdr_date, jobId: r.job_id }, 'etl_janitor.abandoned_requeued');
      } else if (r.state === EtlState.pending) {
        const id = ingestJobId(r.cdr_type, r.cdr_date, Number(r.id));
        if ((await this.o.queue.getJob(id)) !== undefined) continue;
        await enqueueIngest(this.o.queue, { cdrType: r.cdr_type, date: r.cdr_date, pendingId: Number(r.id) }, this.o);
        report.reEnqueued.push(`${r.cdr_type} ${r.cdr_date}`);
      }
    }
    if (report.abandoned.length + report.reEnqueued.length > 0) log.info({ ...report }, 'etl_janitor.pass');
    return report;
  }

  close(): Promise<void> {
    return this.task.close();
  }
}
