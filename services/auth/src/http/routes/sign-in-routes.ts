import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { signIn } from '../../actions/sign-in.js';
import { recordAudit } from '../../actions/record-audit.js';
import { AuditAction } from '../../adapters/postgres/audit-log.js';
import { deleteSession } from '../../adapters/postgres/sessions.js';
import { asBody } from '../../domain/request-fields.js';
import { auditContext, sessionOf } from '../request-context.js';
import { route } from '../middleware/route.js';
import { hashSessionId, newSessionId, setSessionCookies } from '../session-cookies.js';

/** auth.md §3: /signin, /is_signed_in, /signout, /version. */
export function signInRoutes(deps: Deps): Router {
  const router = Router();
  const secret = deps.config.SECRET_KEY;
  const secure = !deps.config.FLOWAUTH_INSECURE_COOKIES;

  route(router, '/signin', {
    post: [
      async function signInStep(req: Request, res: Response) {
        const body = asBody(req.body);
        const sid = newSessionId();
        const result = await signIn(
          deps,
          { username: body.username, password: body.password, twoFactorCode: body.two_factor_code, sourceIp: req.ip ?? 'unknown', idHash: hashSessionId(sid) },
          auditContext(req),
        );
        // A new session id at every sign-in; the previous session of this browser ends.
        if (req.ctx.session) await deleteSession(deps.db, req.ctx.session.idHash);
        req.ctx.session = { idHash: result.idHash, user: result.user, twoFactorEnabled: result.twoFactorEnabled };
        setSessionCookies(res, { secret, secure, sid, idHash: result.idHash, writeSession: true });
        res.json(result.body);
      },
    ],
  });

  route(router, '/is_signed_in', {
    get: [
      function isSignedIn(req: Request, res: Response) {
        const s = sessionOf(req);
        res.json({
          logged_in: true,
          is_admin: s.user.isAdmin,
          require_two_factor_setup: s.user.requireTwoFactor && !s.twoFactorEnabled,
        });
      },
    ],
  });

  const signOut = async function signOut(req: Request, res: Response): Promise<void> {
    const s = sessionOf(req);
    await deleteSession(deps.db, s.idHash);
    await recordAudit(deps, auditContext(req), { action: AuditAction.Signout, targetType: 'user', targetId: s.user.id });
    req.ctx.session = undefined;
    setSessionCookies(res, { secret, secure, sid: undefined, idHash: undefined, writeSession: true });
    res.json({ logged_in: false });
  };
  route(router, '/signout', { get: [signOut], post: [signOut] });

  route(router, '/version', {
    get: [
      function version(_req: Request, res: Response) {
        res.json({ version: deps.version });
      },
    ],
  });
  return router;
}
