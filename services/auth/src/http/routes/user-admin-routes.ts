import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { createUser, patchUser, removeUser } from '../../actions/manage-users.js';
import { findTwoFactor } from '../../adapters/postgres/two-factor.js';
import { findUserById, listUsers, rolesOfUser } from '../../adapters/postgres/users.js';
import { asBody, parseId } from '../../domain/request-fields.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';
import { auditContext } from '../request-context.js';

/** auth.md §7: /admin/users (admin). */
export function userAdminRoutes(deps: Deps): Router {
  const router = Router();
  const userId = (req: Request): number => {
    const id = parseId(req.params.userId as string);
    if (id === undefined) throw notFound('User');
    return id;
  };
  route(router, '/admin/users', {
    get: [requireAdmin, async (_req: Request, res: Response) => void res.json(await listUsers(deps.db))],
    post: [requireAdmin, async (req: Request, res: Response) => void res.json({ id: await createUser(deps, asBody(req.body), auditContext(req)) })],
  });
  route(router, '/admin/users/:userId', {
    get: [
      requireAdmin,
      async function userDetail(req: Request, res: Response) {
        const user = await findUserById(deps.db, userId(req));
        if (!user) throw notFound('User');
        const tf = await findTwoFactor(deps.db, user.id);
        res.json({
          id: user.id,
          name: user.username,
          is_admin: user.isAdmin,
          has_two_factor: tf?.enabled === true,
          require_two_factor: user.requireTwoFactor,
          roles: await rolesOfUser(deps.db, user.id),
        });
      },
    ],
    patch: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const id = userId(req);
        await patchUser(deps, id, asBody(req.body), auditContext(req));
        res.json({ id });
      },
    ],
    delete: [
      requireAdmin,
      async (req: Request, res: Response) => {
        await removeUser(deps, userId(req), auditContext(req));
        res.json({ poll: 'OK' });
      },
    ],
  });
  return router;
}
