import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { route } from '../middleware/route.js';

/** GET /metrics: Prometheus text format 0.0.4 of auth's registry (METRICS_ENABLED, deployment.md §4). */
export function metricsRoutes(deps: Pick<Deps, 'metrics'>): Router {
  const router = Router();
  route(router, '/metrics', {
    get: [
      async (_req, res) => {
        const { contentType, text } = await deps.metrics.exposition();
        res.setHeader('Content-Type', contentType);
        res.send(text);
      },
    ],
  });
  return router;
}
