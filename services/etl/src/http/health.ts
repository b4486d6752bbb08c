import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { checkEtlDir, checkFlowdb } from '../adapters/health-checks.js';
import { healthReport } from '../domain/health-report.js';

/** `GET|HEAD /health` (spec/api.md §11.2, deployment.md §7): checks `flowdb` and `etl_dir`. */
export function healthRoute(deps: { db: Knex; etlDir: string; version: string }) {
  return async (req: Request, res: Response): Promise<void> => {
    const [flowdb, etlDir] = await Promise.all([checkFlowdb(deps.db), checkEtlDir(deps.etlDir)]);
    const report = healthReport(deps.version, { flowdb, etl_dir: etlDir });
    res.status(report.status).set('cache-control', 'no-store');
    if (req.method === 'HEAD') res.end();
    else res.json(report.body);
  };
}
