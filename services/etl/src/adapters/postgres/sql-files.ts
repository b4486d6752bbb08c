import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QA_SCANS, type QaScan } from '../../domain/qa-checks.js';

/**
 * Reads one file and drops its whole-line `--` comments: knex would otherwise substitute named bindings that a
 * header comment mentions (`:cdrDate`), leaving stray placeholders in the statement.
 */
function load(name: string): string {
  const text = readFileSync(fileURLToPath(new URL(`./sql/${name}`, import.meta.url)), 'utf8');
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .trim();
}

/** SQL files of the ETL adapters, read once when this module loads so a missing one fails fast. */
export const sqlFiles = {
  rebuildCellAdmin: load('rebuild-cell-admin.sql'),
  upsertLocationIds: load('upsert-location-ids.sql'),
  validateStaging: load('validate-staging.sql'),
  swapPartition: load('swap-partition.sql'),
} as const;

/** The statements answering the built-in QA checks (sql/qa/<scan>.sql). */
export const qaScanFiles = Object.fromEntries(QA_SCANS.map((scan) => [scan, load(`qa/${scan}.sql`)])) as Readonly<Record<QaScan, string>>;
