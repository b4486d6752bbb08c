import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import { deleteSession, findSession, touchSession } from '../../adapters/postgres/sessions.js';
import { findTwoFactor } from '../../adapters/postgres/two-factor.js';
import { findUserById } from '../../adapters/postgres/users.js';
import { readCookies } from '../cookies.js';
import {
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  hashSessionId,
  readSessionCookie,
  setSessionCookies,
} from '../session-cookies.js';

/**
 * Loads the server-side session named by the signed `session` cookie (auth.md §2): ends it when idle for 20 minutes
 * or older than 12 hours, otherwise refreshes its last-seen time. Sets the X-CSRF cookie on every response.
 */
export function loadSession(deps: Pick<Deps, 'db' | 'config' | 'now'>) {
  const secret = deps.config.SECRET_KEY;
  const secure = !deps.config.FLOWAUTH_INSECURE_COOKIES;
  return async function loadSessionStep(req: Request, res: Response, next: NextFunction): Promise<void> {
    const raw = readCookies(req)[SESSION_COOKIE];
    const sid = readSessionCookie(secret, raw);
    let idHash: string | undefined;
    if (sid !== undefined) {
      const hash = hashSessionId(sid);
      const row = await findSession(deps.db, hash);
      const now = deps.now();
      if (row) {
        const expired =
          now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS || now.getTime() - row.createdAt.getTime() > SESSION_ABSOLUTE_MS;
        const user = expired ? undefined : await findUserById(deps.db, row.userId);
        if (user) {
          await touchSession(deps.db, hash, now);
          const tf = await findTwoFactor(deps.db, user.id);
          req.ctx.session = { idHash: hash, user, twoFactorEnabled: tf?.enabled === true };
          idHash = hash;
        } else {
          await deleteSession(deps.db, hash);
        }
      }
    }
    // A cookie that named no live session is cleared, so the browser stops sending it.
    setSessionCookies(res, { secret, secure, sid: undefined, idHash, writeSession: raw !== undefined && idHash === undefined });
    next();
  };
}
