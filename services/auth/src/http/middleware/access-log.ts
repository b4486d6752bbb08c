import type { NextFunction, Request, Response } from 'express';

/** One JSON access-log line per request: method, route template, status, duration, request id. */
export function accessLog(req: Request, res: Response, next: NextFunction): void {
  res.on('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - req.ctx.startedAt) / 1e6;
    const route = (req.route as { path?: string } | undefined)?.path;
    req.ctx.log.info(
      { method: req.method, route: route ?? null, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, userId: req.ctx.session?.user.id },
      'http.request',
    );
  });
  next();
}
