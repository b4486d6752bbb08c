import type { Logger } from '@flowdeck/log';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { healthRoute } from './http/health.js';

/** The ETL monitor's HTTP app: `/health` only for now; unknown paths 404; errors answered 500 with a fixed body. */
export function buildApp(deps: { db: Knex; etlDir: string; version: string; log: Logger }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const health = healthRoute(deps);
  app.get('/health', health);
  app.head('/health', health);
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
