import { mintToken } from '@flowdeck/tokens';
import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import { scopeNamesOfRoles, type Role } from '../adapters/postgres/roles.js';
import type { Server } from '../adapters/postgres/servers.js';
import { insertToken } from '../adapters/postgres/tokens.js';
import type { User } from '../adapters/postgres/users.js';
import { badField, unauthorized } from '../errors.js';
import { computeCap, decideExpiry, type CapSubject } from '../domain/token-cap.js';
import { recordAudit } from './record-audit.js';

/** AAD of encrypted tokens (deployment.md §5). */
export const TOKEN_AAD = 'token_history.token';

export type MintDeps = Pick<Deps, 'db' | 'now' | 'signingKeys' | 'keyRing'>;

export const serverSubject = (s: Server): CapSubject => ({
  type: 'server',
  name: s.name,
  latestTokenExpiry: s.latestTokenExpiry,
  longestTokenLifeMinutes: s.longestTokenLifeMinutes,
});
export const roleSubject = (r: Role): CapSubject => ({
  type: 'role',
  name: r.name,
  latestTokenExpiry: r.latestTokenExpiry,
  longestTokenLifeMinutes: r.longestTokenLifeMinutes,
});

export interface IssueRequest {
  user: User;
  server: Server;
  roles: Role[];
  name: string;
  lifetimeMinutes: unknown;
  renewedFromId?: number;
  /** Wording of the errors: minting (§4) or renewal (§11.1). */
  mode: 'mint' | 'renew';
}

/**
 * Decides the expiry (auth.md §9), mints the JWT with the roles' enabled scopes (tokens.md §3), stores it
 * encrypted with its roles, jti, expiry and signing kid. Throws the AuthErrors of §4 / §11.1.
 */
export async function issueToken(deps: MintDeps, req: IssueRequest): Promise<{ token: string; id: number; expiry: Date; jti: string }> {
  const now = deps.now();
  const cap = computeCap(serverSubject(req.server), req.roles.map(roleSubject), now);
  const decision = decideExpiry(cap.cap, req.lifetimeMinutes, now);
  if (!decision.ok) {
    if (decision.reason === 'cap_passed') {
      if (req.mode === 'renew') throw unauthorized(`Token for ${req.user.username} cannot be renewed: maximum permitted expiry has already passed.`, { limited_by: cap.expired });
      throw unauthorized(`Token for ${req.user.username} expired`, { limited_by: cap.expired });
    }
    if (decision.reason === 'lifetime_invalid') throw badField('lifetime_minutes', 'lifetime_minutes must be a positive integer');
    throw badField(
      'lifetime_minutes',
      req.mode === 'renew'
        ? 'Requested lifetime exceeds the maximum permitted by the selected server and original roles'
        : 'Requested lifetime exceeds the maximum permitted by the selected server and roles',
    );
  }
  const scopes = await scopeNamesOfRoles(deps.db, req.roles.map((r) => r.id), { enabledOnly: true });
  const claims = Object.fromEntries(req.roles.map((r) => [r.name, scopes.get(r.id) ?? []]));
  const key = deps.signingKeys[0]!;
  const minted = mintToken({ key, sub: req.user.username, aud: req.server.name, roles: claims, expiresAt: decision.exp, now: Math.floor(now.getTime() / 1000) });
  const expiry = new Date(minted.exp * 1000);
  const id = await insertToken(deps.db, {
    name: req.name,
    tokenEnc: deps.keyRing.encrypt(minted.token, TOKEN_AAD),
    jti: minted.jti,
    issuedAt: new Date(minted.iat * 1000),
    expiry,
    signingKid: key.kid,
    userId: req.user.id,
    serverId: req.server.id,
    renewedFromId: req.renewedFromId ?? null,
    roles: req.roles.map((r) => ({ id: r.id, name: r.name })),
  });
  return { token: minted.token, id, expiry, jti: minted.jti };
}

/** Token names are 1-75 characters (auth.md §4). */
export function readTokenName(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw badField('name', 'No name.');
  if (value.length > 75) throw badField('name', 'Name must be 75 characters or less.');
  return value;
}

/** `[{"name": "<role>"}, ...]` → distinct role names; 400 No roles. when absent or empty. */
export function readRoleNames(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw badField('roles', 'No roles.');
  const names = value.map((r) => (typeof r === 'string' ? r : (r as { name?: unknown } | null)?.name));
  if (!names.every((n): n is string => typeof n === 'string' && n !== '')) throw badField('roles', 'No roles.');
  return [...new Set(names)];
}

export async function auditIssued(
  deps: Pick<Deps, 'db' | 'now'>,
  ctx: AuditContext,
  t: { id: number; jti: string; expiry: Date; name: string; server: string; roles: string[]; renewedFromId?: number },
): Promise<void> {
  await recordAudit(deps, ctx, {
    action: t.renewedFromId === undefined ? AuditAction.TokenIssued : AuditAction.TokenRenewed,
    targetType: 'token',
    targetId: t.id,
    detail: {
      name: t.name,
      server: t.server,
      roles: t.roles,
      jti: t.jti,
      exp: Math.floor(t.expiry.getTime() / 1000),
      ...(t.renewedFromId === undefined ? {} : { renewed_from_id: t.renewedFromId }),
    },
  });
}
