import type { NextFunction, Request, Response } from 'express';
import { resolveRequestId, type Logger } from '@flowdeck/log';

/** Sets `req.ctx` and the `X-Request-Id` response header (reused when the incoming one is safe). */
export function requestId(log: Logger) {
  return function requestIdStep(req: Request, res: Response, next: NextFunction): void {
    const id = resolveRequestId(req.headers['x-request-id']);
    req.ctx = { requestId: id, log: log.child({ reqId: id }), startedAt: process.hrtime.bigint() };
    res.setHeader('X-Request-Id', id);
    next();
  };
}
