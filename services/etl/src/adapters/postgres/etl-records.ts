import type { Knex } from 'knex';
import type { CdrType } from '../../domain/cdr-types.js';
import type { EtlState } from '../../domain/etl-state.js';
import type { RecordSummary } from '../../domain/plan-ingest.js';

/** A new row of the append-only `etl.etl_records` history (spec/flowdb.md §5). */
export interface NewEtlRecord {
  cdrType: CdrType;
  /** `YYYY-MM-DD`. */
  cdrDate: string;
  state: EtlState;
  fileName?: string | null;
  fileSha256?: string | null;
  rowCount?: number | null;
  message?: string | null;
  jobId?: string | null;
}

/** Appends one history row; the table's trigger rejects transitions §5 does not allow. Returns the row id. */
export async function appendEtlRecord(db: Knex | Knex.Transaction, r: NewEtlRecord): Promise<number> {
  const [row] = (await db('etl.etl_records')
    .insert({
      cdr_type: r.cdrType,
      cdr_date: r.cdrDate,
      state: r.state,
      file_name: r.fileName ?? null,
      file_sha256: r.fileSha256 ?? null,
      row_count: r.rowCount ?? null,
      message: r.message ?? null,
      job_id: r.jobId ?? null,
    })
    .returning('id')) as { id: string | number }[];
  return Number(row!.id);
}

/** History of one (cdr_type, cdr_date), oldest first. */
export async function etlHistory(db: Knex | Knex.Transaction, cdrType: CdrType, cdrDate: string): Promise<RecordSummary[]> {
  const rows = (await db('etl.etl_records')
    .select('state', 'file_sha256')
    .where({ cdr_type: cdrType, cdr_date: cdrDate })
    .orderBy('id', 'asc')) as { state: EtlState; file_sha256: string | null }[];
  return rows.map((r) => ({ state: r.state, fileSha256: r.file_sha256 }));
}
