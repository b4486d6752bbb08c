import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { createRole, patchRole, removeRole, roleDetail } from '../../actions/manage-roles.js';
import { findServer } from '../../adapters/postgres/servers.js';
import { listRoleDetails, roleMembers, roleScopes, rolesOfUserOnServer, scopeNamesOfRoles } from '../../adapters/postgres/roles.js';
import { formatIsoMicrosOrNull } from '../../domain/datetime.js';
import { asBody, parseId } from '../../domain/request-fields.js';
import { roleToDict } from '../../domain/views.js';
import { notFound } from '../../errors.js';
import { requireAdmin, requireLogin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';
import { auditContext, sessionOf } from '../request-context.js';

/** auth.md §5: /roles. */
export function roleRoutes(deps: Deps): Router {
  const router = Router();
  const roleId = (req: Request): number => {
    const id = parseId(req.params.roleId as string);
    if (id === undefined) throw notFound('Role');
    return id;
  };

  route(router, '/roles', {
    get: [requireAdmin, async (_req: Request, res: Response) => void res.json((await listRoleDetails(deps.db)).map(roleToDict))],
    post: [
      requireAdmin,
      async function create(req: Request, res: Response) {
        const id = await createRole(deps, asBody(req.body), auditContext(req));
        res.json(roleToDict(await roleDetail(deps.db, id)));
      },
    ],
  });

  route(router, '/roles/server/:serverId', {
    get: [
      requireLogin,
      async function myRolesOnServer(req: Request, res: Response) {
        const id = parseId(req.params.serverId as string);
        const server = id === undefined ? undefined : await findServer(deps.db, id);
        if (!server) throw notFound('Server');
        const roles = await rolesOfUserOnServer(deps.db, sessionOf(req).user.id, server.id);
        const scopes = await scopeNamesOfRoles(deps.db, roles.map((r) => r.id));
        res.json(
          roles.map((r) => ({
            id: r.id,
            name: r.name,
            scopes: scopes.get(r.id) ?? [],
            latest_token_expiry: formatIsoMicrosOrNull(r.latestTokenExpiry),
            longest_token_life_minutes: r.longestTokenLifeMinutes,
            server: r.serverId,
          })),
        );
      },
    ],
  });

  route(router, '/roles/:roleId', {
    get: [requireAdmin, async (req: Request, res: Response) => void res.json(roleToDict(await roleDetail(deps.db, roleId(req))))],
    patch: [
      requireAdmin,
      async function patch(req: Request, res: Response) {
        await patchRole(deps, roleId(req), asBody(req.body), auditContext(req));
        res.json((await listRoleDetails(deps.db)).map(roleToDict));
      },
    ],
    delete: [
      requireAdmin,
      async function remove(req: Request, res: Response) {
        await removeRole(deps, roleId(req), auditContext(req));
        res.json({ state: 'done' });
      },
    ],
  });

  route(router, '/roles/:roleId/members', {
    get: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const r = await roleDetail(deps.db, roleId(req));
        res.json(await roleMembers(deps.db, r.id));
      },
    ],
  });
  route(router, '/roles/:roleId/scopes', {
    get: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const r = await roleDetail(deps.db, roleId(req));
        res.json(await roleScopes(deps.db, r.id));
      },
    ],
  });
  return router;
}
