import type { NextFunction, Request, Response } from 'express';
import { adminRequired, loginRequired } from '../../errors.js';

/** 401 Login required. without a session. */
export function requireLogin(req: Request, _res: Response, next: NextFunction): void {
  if (!req.ctx.session) throw loginRequired();
  next();
}

/** 401 Login required. without a session; 401 Admin access required. for non-admins (FlowAuth uses 401 for both). */
export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  if (!req.ctx.session) throw loginRequired();
  if (!req.ctx.session.user.isAdmin) throw adminRequired();
  next();
}
