import type { NextFunction, Request, Response } from 'express';
import { twoFactorSetupRequired } from '../../errors.js';

const ALLOWED = /^\/(is_signed_in|signout|version|user\/[a-z_]*two_factor[a-z_]*)\/?$/;

/**
 * A session of an account that must use 2FA but has none may only reach the routes of auth.md §3 until set-up is
 * confirmed (**Flowdeck**).
 */
export function twoFactorGate(req: Request, _res: Response, next: NextFunction): void {
  const s = req.ctx.session;
  if (s && s.user.requireTwoFactor && !s.twoFactorEnabled && !ALLOWED.test(req.path)) throw twoFactorSetupRequired();
  next();
}
