import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { changeScopes, createServer, patchServer, registerFromSpec, removeServer } from '../../actions/manage-servers.js';
import { listRoleDetails, scopeNamesOfRoles, type Role } from '../../adapters/postgres/roles.js';
import { findServer, listScopes, listServers, type Server } from '../../adapters/postgres/servers.js';
import { formatHttpDate, formatIsoMicrosOrNull } from '../../domain/datetime.js';
import { asBody, parseId } from '../../domain/request-fields.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';
import { auditContext } from '../request-context.js';

/** auth.md §6: /admin/servers (admin). */
export function serverRoutes(deps: Deps): Router {
  const router = Router();
  async function server(req: Request): Promise<Server> {
    const id = parseId(req.params.serverId as string);
    const s = id === undefined ? undefined : await findServer(deps.db, id);
    if (!s) throw notFound('Server');
    return s;
  }
  async function rolesOf(serverId: number): Promise<{ role: Role; scopes: string[] }[]> {
    const roles = await listRoleDetails(deps.db, { serverId });
    const scopes = await scopeNamesOfRoles(deps.db, roles.map((r) => r.id));
    return roles.map((role) => ({ role, scopes: scopes.get(role.id) ?? [] }));
  }
  const roleItem = ({ role, scopes }: { role: Role; scopes: string[] }) => ({
    id: role.id,
    name: role.name,
    scopes,
    latest_token_expiry: formatIsoMicrosOrNull(role.latestTokenExpiry),
    longest_token_life_minutes: role.longestTokenLifeMinutes,
  });

  route(router, '/admin/servers/from_spec', {
    post: [requireAdmin, async (req: Request, res: Response) => void res.json(await registerFromSpec(deps, asBody(req.body), auditContext(req)))],
  });
  route(router, '/admin/servers', {
    get: [requireAdmin, async (_req: Request, res: Response) => void res.json((await listServers(deps.db)).map((s) => ({ id: s.id, name: s.name })))],
    post: [requireAdmin, async (req: Request, res: Response) => void res.json({ id: await createServer(deps, asBody(req.body), auditContext(req)) })],
  });
  route(router, '/admin/servers/:serverId', {
    get: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const s = await server(req);
        res.json({ id: s.id, name: s.name });
      },
    ],
    patch: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const s = await server(req);
        await patchServer(deps, s.id, asBody(req.body), auditContext(req));
        res.json({ id: s.id });
      },
    ],
    delete: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const s = await server(req);
        await removeServer(deps, s.id, auditContext(req));
        res.json({ poll: 'OK' });
      },
    ],
  });
  route(router, '/admin/servers/:serverId/roles', {
    get: [requireAdmin, async (req: Request, res: Response) => void res.json((await rolesOf((await server(req)).id)).map(roleItem))],
  });
  route(router, '/admin/servers/:serverId/roles/:roleId', {
    get: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const s = await server(req);
        const roleId = parseId(req.params.roleId as string);
        const item = (await rolesOf(s.id)).find((r) => r.role.id === roleId);
        if (!item) throw notFound('Role');
        res.json(roleItem(item));
      },
    ],
  });
  const scopeList = (scopes: { id: number; name: string; enabled: boolean }[]) => scopes.map((s) => ({ id: s.id, name: s.name, enabled: s.enabled }));
  route(router, '/admin/servers/:serverId/scopes', {
    get: [requireAdmin, async (req: Request, res: Response) => void res.json(scopeList(await listScopes(deps.db, (await server(req)).id)))],
    post: [
      requireAdmin,
      async (req: Request, res: Response) => void res.json(scopeList(await changeScopes(deps, (await server(req)).id, req.body, 'replace', auditContext(req)))),
    ],
    patch: [
      requireAdmin,
      async (req: Request, res: Response) => void res.json(scopeList(await changeScopes(deps, (await server(req)).id, req.body, 'patch', auditContext(req)))),
    ],
  });
  route(router, '/admin/servers/:serverId/time_limits', {
    get: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const s = await server(req);
        res.json({
          longest_token_life_minutes: s.longestTokenLifeMinutes,
          latest_token_expiry: s.latestTokenExpiry === null ? null : formatHttpDate(s.latestTokenExpiry),
        });
      },
    ],
  });
  return router;
}
