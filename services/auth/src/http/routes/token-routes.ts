import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { auditIssued, issueToken, readRoleNames, readTokenName, roleSubject, serverSubject, TOKEN_AAD } from '../../actions/mint-token.js';
import { renewToken, revokeTokenById } from '../../actions/renew-token.js';
import { rolesOfUserOnServer, scopeNamesOfRoles } from '../../adapters/postgres/roles.js';
import { findServer, serversOfUser, type Server } from '../../adapters/postgres/servers.js';
import { listTokens } from '../../adapters/postgres/tokens.js';
import { formatIsoMicros } from '../../domain/datetime.js';
import { asBody, parseId } from '../../domain/request-fields.js';
import { computeCap, nextExpiry } from '../../domain/token-cap.js';
import { tokenToDict } from '../../domain/views.js';
import { badField, notFound, unauthorized } from '../../errors.js';
import { compareCodePoints } from '@flowdeck/tokens';
import { requireLogin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';
import { auditContext, sessionOf } from '../request-context.js';

/** auth.md §4: token routes for the signed-in user. */
export function tokenRoutes(deps: Deps): Router {
  const router = Router();

  async function serverParam(req: Request, name = 'serverId'): Promise<Server> {
    const id = parseId(req.params[name] as string | undefined);
    const server = id === undefined ? undefined : await findServer(deps.db, id);
    if (!server) throw notFound('Server');
    return server;
  }

  route(router, '/tokens/servers', {
    get: [requireLogin, async (req: Request, res: Response) => void res.json(await serversOfUser(deps.db, sessionOf(req).user.id))],
  });

  route(router, '/tokens/servers/:serverId', {
    get: [
      requireLogin,
      async function serverDetail(req: Request, res: Response) {
        const server = await serverParam(req);
        const roles = await rolesOfUserOnServer(deps.db, sessionOf(req).user.id, server.id);
        const scopes = await scopeNamesOfRoles(deps.db, roles.map((r) => r.id), { enabledOnly: true });
        const allowed = [...new Set([...scopes.values()].flat())].sort(compareCodePoints);
        const now = deps.now();
        // The latest expiry any one of the user's roles allows on this server.
        const latest = roles.length === 0 ? nextExpiry(serverSubject(server), now) : new Date(Math.max(...roles.map((r) => computeCap(serverSubject(server), [roleSubject(r)], now).cap.getTime())));
        res.json({ allowed_claims: allowed, latest_expiry: formatIsoMicros(latest) });
      },
    ],
  });

  route(router, '/tokens/servers/:serverId/limits', {
    get: [
      requireLogin,
      async function limits(req: Request, res: Response) {
        const server = await serverParam(req);
        const user = sessionOf(req).user;
        const raw = typeof req.query.roles === 'string' ? req.query.roles : '';
        const names = [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
        if (names.length === 0) throw badField('roles', 'No roles.');
        const held = new Map((await rolesOfUserOnServer(deps.db, user.id, server.id)).map((r) => [r.name, r]));
        const roles = names.map((n) => {
          const r = held.get(n);
          if (!r) throw unauthorized(`Role '${n}' is not permitted for the current user`);
          return r;
        });
        const now = deps.now();
        const cap = computeCap(serverSubject(server), roles.map(roleSubject), now);
        res.json({
          max_expiry: formatIsoMicros(cap.cap),
          max_lifetime_minutes: Math.max(0, Math.floor((cap.cap.getTime() - now.getTime()) / 60_000)),
          limited_by: cap.limitedBy,
        });
      },
    ],
  });

  route(router, '/tokens/tokens/:serverId', {
    get: [
      requireLogin,
      async function listMine(req: Request, res: Response) {
        const server = await serverParam(req);
        const tokens = await listTokens(deps.db, { userId: sessionOf(req).user.id, serverId: server.id });
        res.json(tokens.map((t) => tokenToDict({ ...t, token: deps.keyRing.decrypt(t.tokenEnc, TOKEN_AAD) })));
      },
    ],
    post: [
      requireLogin,
      async function mint(req: Request, res: Response) {
        const server = await serverParam(req);
        const user = sessionOf(req).user;
        const body = asBody(req.body);
        const name = readTokenName(body.name);
        const names = readRoleNames(body.roles);
        const held = new Map((await rolesOfUserOnServer(deps.db, user.id, server.id)).map((r) => [r.name, r]));
        const roles = names.map((n) => {
          const r = held.get(n);
          if (!r) throw unauthorized(`Role '${n}' is not permitted for the current user`);
          return r;
        });
        const issued = await issueToken(deps, { user, server, roles, name, lifetimeMinutes: body.lifetime_minutes, mode: 'mint' });
        await auditIssued(deps, auditContext(req), { ...issued, name, server: server.name, roles: names });
        res.json({ token: issued.token, id: issued.id, expires: formatIsoMicros(issued.expiry) });
      },
    ],
  });

  route(router, '/tokens/tokens/:tokenId/renew', {
    post: [
      requireLogin,
      async function renew(req: Request, res: Response) {
        const tokenId = parseId(req.params.tokenId as string);
        if (tokenId === undefined) throw notFound('Token');
        const body = asBody(req.body);
        res.json(
          await renewToken(
            deps,
            { user: sessionOf(req).user, tokenId, lifetimeMinutes: body.lifetime_minutes, revokePrevious: body.revoke_previous },
            auditContext(req),
          ),
        );
      },
    ],
  });

  route(router, '/tokens/tokens/:tokenId/revoke', {
    post: [
      requireLogin,
      async function revokeOwn(req: Request, res: Response) {
        const tokenId = parseId(req.params.tokenId as string);
        if (tokenId === undefined) throw notFound('Token');
        res.json(await revokeTokenById(deps, { tokenId, ownerId: sessionOf(req).user.id }, auditContext(req)));
      },
    ],
  });
  return router;
}
