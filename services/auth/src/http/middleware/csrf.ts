import type { NextFunction, Request, Response } from 'express';
import { csrfError } from '../../errors.js';
import { CSRF_HEADER, csrfTokenValid } from '../session-cookies.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** CSRF-exempt mutating routes (auth.md §2-3). */
const EXEMPT = new Set(['POST /signin']);

/** Every POST/PUT/PATCH/DELETE except POST /signin must carry X-CSRF-Token valid for the current session. */
export function requireCsrf(secret: string) {
  return function csrfStep(req: Request, _res: Response, next: NextFunction): void {
    if (!MUTATING.has(req.method) || EXEMPT.has(`${req.method} ${req.path.replace(/\/+$/, '')}`)) return next();
    if (!csrfTokenValid(secret, req.ctx.session?.idHash, req.headers[CSRF_HEADER])) throw csrfError();
    next();
  };
}
