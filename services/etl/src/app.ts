import type { Logger } from '@flowdeck/log';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { healthRoute } from './http/health.js';
import type { AdminCredentials } from './http/monitor/admin-credentials.js';
import { createMonitor } from './http/monitor/create-monitor.js';
import type { EtlMetrics } from './http/monitor/etl-metrics.js';

/** The ETL monitor's HTTP app: `/health`, `/metrics`, `/monitor/...`; unknown paths 404; errors answered 500 with a fixed body. */
export function buildApp(deps: { db: Knex; etlDir: string; version: string; log: Logger; admin?: AdminCredentials; metrics?: EtlMetrics }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const monitor = createMonitor({ db: deps.db, log: deps.log, admin: deps.admin, metrics: deps.metrics });
  app.use(monitor.countRequests);
  const health = healthRoute(deps);
  app.get('/health', health);
  app.head('/health', health);
  app.use(monitor.router);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ msg: 'Not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err }, 'http.unhandled_error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(500).json({ status: 'Error', msg: 'Internal server error.' });
  });
  return app;
}
