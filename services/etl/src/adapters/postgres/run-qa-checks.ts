import type { Knex } from 'knex';
import type { CdrType } from '../../domain/cdr-types.js';
import { partitionName } from '../../domain/partition-name.js';
import { qaChecksFor } from '../../domain/qa-checks.js';
import type { OperatorQaCheck } from '../fs/load-operator-qa-checks.js';
import { qaScanFiles } from './sql-files.js';

export interface QaOutcome {
  check: string;
  outcome: string | null;
}

/**
 * Runs every QA check of spec/flowdb.md §6 that applies to the type on the day's partition (a few grouped scans,
 * see QA_SCANS), then the operator's
 * own checks (`<FLOWETL_CONFIG_DIR>/qa/*.sql`), and appends one row per check to `etl.post_etl_queries`. Returns
 * the outcomes in check order.
 */
export async function runQaChecks(
  db: Knex,
  cdrType: CdrType,
  cdrDate: string,
  operatorChecks: readonly OperatorQaCheck[] = [],
): Promise<QaOutcome[]> {
  const p = partitionName(cdrType, cdrDate);
  const partition = `${p.schema}.${p.table}`;
  const textOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const builtIn = qaChecksFor(cdrType);
  const answers = new Map<string, unknown>();
  for (const scan of new Set(builtIn.map((c) => c.scan))) {
    const { rows } = (await db.raw(qaScanFiles[scan], { partition })) as { rows: Record<string, unknown>[] };
    for (const [check, value] of Object.entries(rows[0] ?? {})) answers.set(check, value);
  }
  const outcomes: QaOutcome[] = builtIn.map((c) => ({ check: c.name, outcome: textOf(answers.get(c.name)) }));
  for (const check of operatorChecks.filter((c) => c.types === 'all' || c.types.includes(cdrType))) {
    const { rows } = (await db.raw(check.sql, { partition })) as { rows: { outcome: unknown }[] };
    outcomes.push({ check: check.name, outcome: textOf(rows[0]?.outcome) });
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
