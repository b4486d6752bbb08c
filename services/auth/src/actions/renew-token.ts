import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import { rolesOfUserOnServer } from '../adapters/postgres/roles.js';
import { findServer } from '../adapters/postgres/servers.js';
import { findToken, revokeToken } from '../adapters/postgres/tokens.js';
import type { User } from '../adapters/postgres/users.js';
import { badField, badRequest, notFound, unauthorized } from '../errors.js';
import { compareCodePoints } from '@flowdeck/tokens';
import { auditIssued, issueToken, type MintDeps } from './mint-token.js';
import { recordAudit } from './record-audit.js';

/**
 * POST /tokens/tokens/<token_id>/renew (auth.md §11.1): a new token with the same name and roles for the owner;
 * the old one stays valid unless `revoke_previous`.
 */
export async function renewToken(
  deps: MintDeps & Pick<Deps, 'db'>,
  input: { user: User; tokenId: number; lifetimeMinutes: unknown; revokePrevious: unknown },
  ctx: AuditContext,
): Promise<{ token: string; id: number }> {
  const old = await findToken(deps.db, input.tokenId);
  if (!old) throw notFound('Token');
  if (old.userId !== input.user.id) throw unauthorized('You can only renew your own tokens.');
  if (input.revokePrevious !== undefined && typeof input.revokePrevious !== 'boolean') {
    throw badField('revoke_previous', 'revoke_previous must be true or false');
  }
  if (old.roles.length === 0) {
    throw badRequest('This token has no roles recorded against it and cannot be renewed; mint a new token instead.', { bad_field: 'token_id' });
  }
  const server = await findServer(deps.db, old.serverId);
  if (!server) throw notFound('Server');
  const current = await rolesOfUserOnServer(deps.db, input.user.id, server.id);
  const byName = new Map(current.map((r) => [r.name, r]));
  const missing = old.roles.map((r) => r.name).filter((n) => !byName.has(n)).sort(compareCodePoints);
  if (missing.length > 0) throw unauthorized(`Cannot renew: the following roles are no longer assigned to you: ${missing.join(', ')}`);
  const roles = old.roles.map((r) => byName.get(r.name)!);
  const issued = await issueToken(deps, {
    user: input.user,
    server,
    roles,
    name: old.name,
    lifetimeMinutes: input.lifetimeMinutes,
    renewedFromId: old.id,
    mode: 'renew',
  });
  await auditIssued(deps, ctx, { ...issued, name: old.name, server: server.name, roles: roles.map((r) => r.name), renewedFromId: old.id });
  if (input.revokePrevious === true && old.revokedAt === null) {
    await revokeToken(deps.db, old.id, deps.now());
    await recordAudit(deps, ctx, { action: AuditAction.TokenRevoked, targetType: 'token', targetId: old.id, detail: { jti: old.jti, reason: 'renewed' } });
  }
  return { token: issued.token, id: issued.id };
}

/** Revokes a token (idempotent); `ownerId` restricts it to the owner's tokens. */
export async function revokeTokenById(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { tokenId: number; ownerId?: number },
  ctx: AuditContext,
): Promise<{ id: number; jti: string; revoked: true }> {
  const t = await findToken(deps.db, input.tokenId);
  if (!t) throw notFound('Token');
  if (input.ownerId !== undefined && t.userId !== input.ownerId) throw unauthorized('You can only revoke your own tokens.');
  if (t.revokedAt === null) {
    await revokeToken(deps.db, t.id, deps.now());
    await recordAudit(deps, ctx, { action: AuditAction.TokenRevoked, targetType: 'token', targetId: t.id, detail: { jti: t.jti, server: t.serverName } });
  }
  return { id: t.id, jti: t.jti, revoked: true };
}
