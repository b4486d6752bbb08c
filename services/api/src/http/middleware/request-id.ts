import type { RequestHandler } from 'express';
import { resolveRequestId, type Logger } from '@flowdeck/log';

/**
 * Gives every request an id (reused from a valid incoming X-Request-Id, else a UUID4), echoes it on the response
 * and creates the request's context and child logger (spec/api.md §1).
 */
export function requestId(log: Logger): RequestHandler {
  return (req, res, next) => {
    const id = resolveRequestId(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', id);
    res.locals.ctx = { requestId: id, log: log.child({ reqId: id }), startedAt: process.hrtime.bigint(), roles: [] };
    next();
  };
}
