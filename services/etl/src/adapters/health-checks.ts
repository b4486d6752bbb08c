import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { CheckResult } from '../domain/health-report.js';

/** Time a health check may take before it counts as failed. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** `ok` when FlowDB answers a trivial query and the ETL schema exists. */
export async function checkFlowdb(db: Knex): Promise<CheckResult> {
  try {
    const { rows } = (await withTimeout(db.raw("SELECT to_regclass('etl.etl_records') IS NOT NULL AS ready"), HEALTH_CHECK_TIMEOUT_MS)) as {
      rows: { ready: boolean }[];
    };
    return rows[0]?.ready ? 'ok' : 'error: schema not migrated';
  } catch (err) {
    return (err as Error).message === 'timeout' ? 'error: timeout' : 'error: unreachable';
  }
}

/** `ok` when the ETL directory exists, is a directory and is readable. */
export async function checkEtlDir(dir: string): Promise<CheckResult> {
  try {
    if (!(await stat(dir)).isDirectory()) return 'error: not a directory';
    await access(dir, constants.R_OK | constants.X_OK);
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'error: missing' : 'error: not readable';
  }
}
