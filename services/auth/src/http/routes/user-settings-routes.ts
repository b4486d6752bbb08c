import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { readPassword } from '../../actions/manage-users.js';
import { recordAudit } from '../../actions/record-audit.js';
import { confirmTwoFactorSetup, disableTwoFactor, newBackupCodes, resetBackupCodes, startTwoFactorSetup } from '../../actions/two-factor-setup.js';
import { AuditAction } from '../../adapters/postgres/audit-log.js';
import { deleteSessionsOfUser } from '../../adapters/postgres/sessions.js';
import { updateUser } from '../../adapters/postgres/users.js';
import { asBody } from '../../domain/request-fields.js';
import { unauthorized } from '../../errors.js';
import { requireLogin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';
import { auditContext, sessionOf } from '../request-context.js';

/** auth.md §8: /user/password and the two-factor routes (signed in). */
export function userSettingsRoutes(deps: Deps): Router {
  const router = Router();

  route(router, '/user/password', {
    patch: [
      requireLogin,
      async function changePassword(req: Request, res: Response) {
        const s = sessionOf(req);
        const body = asBody(req.body);
        if (typeof body.password !== 'string' || !(await deps.hasher.verify(s.user.passwordHash, body.password))) {
          throw unauthorized('Incorrect password.');
        }
        const hash = await deps.hasher.hash(readPassword(body.newPassword, 'newPassword'));
        await deps.db.transaction(async (trx) => {
          await updateUser(trx, s.user.id, { passwordHash: hash });
          // Other sessions end; this one continues.
          await deleteSessionsOfUser(trx, s.user.id, s.idHash);
          await recordAudit(deps, auditContext(req), { action: AuditAction.PasswordChanged, targetType: 'user', targetId: s.user.id }, trx);
        });
        res.json({});
      },
    ],
  });

  route(router, '/user/enable_two_factor', {
    post: [requireLogin, async (req: Request, res: Response) => void res.json(await startTwoFactorSetup(deps, sessionOf(req).user))],
  });
  route(router, '/user/confirm_two_factor', {
    post: [
      requireLogin,
      async (req: Request, res: Response) => {
        const s = sessionOf(req);
        await confirmTwoFactorSetup(deps, s.user, asBody(req.body), auditContext(req));
        s.twoFactorEnabled = true;
        res.json({ two_factor_enabled: true });
      },
    ],
  });
  route(router, '/user/disable_two_factor', {
    post: [
      requireLogin,
      async (req: Request, res: Response) => {
        await disableTwoFactor(deps, sessionOf(req).user, auditContext(req));
        res.json({ two_factor_enabled: false });
      },
    ],
  });
  route(router, '/user/generate_two_factor_backups', {
    get: [requireLogin, async (req: Request, res: Response) => void res.json(await newBackupCodes(deps, sessionOf(req).user))],
    post: [
      requireLogin,
      async (req: Request, res: Response) => {
        await resetBackupCodes(deps, sessionOf(req).user, asBody(req.body).backup_codes_signature, auditContext(req));
        res.json({ backups_reset: true });
      },
    ],
  });
  route(router, '/user/two_factor_required', {
    get: [requireLogin, (req: Request, res: Response) => void res.json({ require_two_factor: sessionOf(req).user.requireTwoFactor })],
  });
  route(router, '/user/two_factor_active', {
    get: [requireLogin, (req: Request, res: Response) => void res.json({ two_factor_enabled: sessionOf(req).twoFactorEnabled })],
  });
  return router;
}
