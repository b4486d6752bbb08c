import type { RequestHandler } from 'express';

/**
 * CORS for browser clients (CORS_ORIGIN, spec/deployment.md §3): when the request's Origin is in the list (or the
 * list is `*`), answer with Access-Control-Allow-Origin and handle preflights. Unset list = no CORS headers.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || (!any && !origins.includes(origin))) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
    if (!any) res.append('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'Location, Content-Disposition, Retry-After, X-Request-Id');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
