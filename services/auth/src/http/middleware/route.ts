import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { AuthError, AuthErrorCode } from '../../errors.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Steps = Partial<Record<Method, RequestHandler[]>>;

/** Registers a path's methods; any other method answers 405 with an Allow header (auth.md §1). */
export function route(router: Router, path: string, steps: Steps): void {
  const r = router.route(path);
  const allowed: string[] = [];
  for (const [method, handlers] of Object.entries(steps) as [Method, RequestHandler[]][]) {
    r[method](...handlers);
    allowed.push(method.toUpperCase());
    if (method === 'get') allowed.push('HEAD');
  }
  r.all((_req: Request, res: Response, _next: NextFunction) => {
    res.setHeader('Allow', allowed.join(', '));
    throw new AuthError(405, AuthErrorCode.MethodNotAllowed, 'The method is not allowed for the requested URL.');
  });
}

/** Unknown path: 404 in FlowAuth's error shape. */
export function notFoundRoute(_req: Request, _res: Response, next: NextFunction): void {
  next(new AuthError(404, AuthErrorCode.NotFound, 'Not found.'));
}
