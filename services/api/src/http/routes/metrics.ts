import type { RequestHandler } from 'express';
import type { ApiMetrics } from '../../adapters/metrics/api-metrics.js';

/** GET /metrics: Prometheus text format 0.0.4 of the app's own registry (spec/api.md §11.3). */
export function metricsRoute(metrics: ApiMetrics): RequestHandler {
  return async function metricsExposition(_req, res) {
    const { contentType, text } = await metrics.exposition();
    res.setHeader('Content-Type', contentType);
    res.send(text);
  };
}
