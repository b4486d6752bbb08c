import type { Knex } from 'knex';
import type { CdrType } from '../../domain/cdr-types.js';
import { partitionName } from '../../domain/partition-name.js';
import { qaChecksFor } from '../../domain/qa-checks.js';
import { qaSqlFiles } from './sql-files.js';

export interface QaOutcome {
  check: string;
  outcome: string | null;
}

/**
 * Runs every QA check of spec/flowdb.md §6 that applies to the type on the day's partition and appends one row
 * per check to `etl.post_etl_queries`. Returns the outcomes in check order.
 */
export async function runQaChecks(db: Knex, cdrType: CdrType, cdrDate: string): Promise<QaOutcome[]> {
  const p = partitionName(cdrType, cdrDate);
  const partition = `${p.schema}.${p.table}`;
  const outcomes: QaOutcome[] = [];
  for (const check of qaChecksFor(cdrType)) {
    const { rows } = (await db.raw(qaSqlFiles[check.name]!, { partition })) as { rows: { outcome: string | null }[] };
    outcomes.push({ check: check.name, outcome: rows[0]?.outcome ?? null });
  }
  await db('etl.post_etl_queries').insert(
    outcomes.map((o) => ({
      cdr_date: cdrDate,
      cdr_type: cdrType,
      type_of_query_or_check: o.check,
      outcome: o.outcome,
      optional_comment_or_description: null,
    })),
  );
  return outcomes;
}
