import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthMetrics } from '../../adapters/metrics/auth-metrics.js';

/**
 * One JSON access-log line and the request metrics per request: method, route template, status, duration,
 * request id. Unmatched paths are labelled `unmatched` so that scanners cannot inflate the label set.
 */
export function accessLog(metrics: AuthMetrics): RequestHandler {
  return function accessLogLine(req: Request, res: Response, next: NextFunction): void {
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - req.ctx.startedAt) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path;
      req.ctx.log.info(
        { method: req.method, route: route ?? null, status: res.statusCode, durationMs: Math.round(seconds * 10_000) / 10, userId: req.ctx.session?.user.id },
        'http.request',
      );
      metrics.observeRequest({ route: route ?? 'unmatched', method: req.method, status: res.statusCode, seconds });
      if (route === '/signin' && req.method === 'POST') {
        metrics.countSignIn(res.statusCode === 200 ? 'success' : res.statusCode === 429 ? 'rate_limited' : 'failure');
      }
    });
    next();
  };
}
