import type { Request, RequestHandler, Response } from 'express';
import type { ApiMetrics } from '../../adapters/metrics/api-metrics.js';
import { peekTokenIdentity } from '../../domain/token-identity.js';
import { contextOf } from '../request-context.js';

/** Route template of a request (`/api/0/poll/:query_id`), never the raw path; `unmatched` for unknown routes. */
export function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

function identityOf(req: Request, res: Response): { user?: string; jti?: string; kid?: string } {
  const token = contextOf(res).token;
  if (token !== undefined) return { user: token.sub, jti: token.jti, kid: token.kid };
  return peekTokenIdentity(req.headers.authorization);
}

/**
 * One JSON access-log line and the request metrics per request, written when the response finishes or the client
 * goes away (spec/api.md §2, §11.3). Logs event, request_id, route, src_ip, user, jti, kid, roles, status and
 * duration; never the token, its claims or a body.
 */
export function accessLog(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    let logged = false;
    const done = (): void => {
      if (logged) return;
      logged = true;
      const ctx = contextOf(res);
      const seconds = Number(process.hrtime.bigint() - ctx.startedAt) / 1e9;
      const route = routeTemplate(req);
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.observeRequest({ route, method: req.method, status, seconds });
      const who = ctx.authEvent === undefined ? {} : identityOf(req, res);
      ctx.log.info(
        {
          event: ctx.authEvent,
          request_id: ctx.requestId,
          route,
          method: req.method,
          src_ip: req.socket.remoteAddress,
          ...who,
          roles: ctx.authEvent === 'AUTHORISED' ? ctx.roles : undefined,
          status,
          duration_ms: Math.round(seconds * 1000),
        },
        'http.access',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
