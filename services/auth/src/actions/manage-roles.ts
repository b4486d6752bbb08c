import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import {
  deleteRole,
  existingIds,
  findRole,
  findRoleByName,
  insertRole,
  listRoleDetails,
  setRoleScopes,
  setRoleUsers,
  updateRole,
  type Role,
} from '../adapters/postgres/roles.js';
import { findServer, type Server } from '../adapters/postgres/servers.js';
import type { Db } from '../adapters/postgres/tables.js';
import { isPositiveInt, readIdList, readNullableDate, readPositiveInt, type Body } from '../domain/request-fields.js';
import { badField, notFound } from '../errors.js';
import { recordAudit } from './record-audit.js';

type RoleDeps = Pick<Deps, 'db' | 'now'>;

function readRoleName(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw badField('name', 'Must provide role name');
  if (v.length > 75) throw badField('name', 'Role name must be 75 characters or less.');
  return v;
}

/** The limits of auth.md §5: a role may not outlive its server. */
function checkLimits(server: Server, longest: number, latest: Date | null): void {
  if (longest > server.longestTokenLifeMinutes) {
    throw badField('longest_token_life_minutes', "Role token lifetime cannot exceed the server's longest token life.");
  }
  if (server.latestTokenExpiry !== null && latest !== null && latest.getTime() > server.latestTokenExpiry.getTime()) {
    throw badField('latest_token_expiry', "Role latest token expiry cannot be later than the server's.");
  }
}

async function checkMembers(db: Db, serverId: number, scopes: number[] | undefined, users: number[] | undefined): Promise<void> {
  if (scopes !== undefined && (await existingIds(db, 'scopes', scopes, serverId)).length !== scopes.length) {
    throw badField('scopes', "Scopes must belong to the role's server.");
  }
  if (users !== undefined && (await existingIds(db, 'users', users)).length !== users.length) {
    throw badField('users', 'Unknown user id.');
  }
}

async function checkUniqueName(db: Db, serverId: number, name: string, exceptId?: number): Promise<void> {
  const clash = await findRoleByName(db, serverId, name);
  if (clash && clash.id !== exceptId) throw badField('name', 'Role with this name already exists on this server.');
}

/** POST /roles/ → the new role object. */
export async function createRole(deps: RoleDeps, body: Body, ctx: AuditContext): Promise<number> {
  const name = readRoleName(body.name);
  const serverId = body.server_id ?? body.server;
  const server = isPositiveInt(serverId) ? await findServer(deps.db, serverId) : undefined;
  if (!server) throw notFound('Server');
  const longest = readPositiveInt(body, 'longest_token_life_minutes');
  const latest = readNullableDate(body, 'latest_token_expiry') ?? null;
  const scopes = readIdList(body, 'scopes') ?? [];
  const users = readIdList(body, 'users') ?? [];
  checkLimits(server, longest, latest);
  return deps.db.transaction(async (trx) => {
    await checkUniqueName(trx, server.id, name);
    await checkMembers(trx, server.id, scopes, users);
    const id = await insertRole(trx, { name, serverId: server.id, longestTokenLifeMinutes: longest, latestTokenExpiry: latest });
    await setRoleScopes(trx, id, scopes);
    await setRoleUsers(trx, id, users);
    await recordAudit(deps, ctx, { action: AuditAction.RoleCreated, targetType: 'role', targetId: id, detail: { name, server: server.name, scopes, users } }, trx);
    return id;
  });
}

/** PATCH /roles/<id> with any subset of name, scopes, users, server, latest_token_expiry, longest_token_life_minutes. */
export async function patchRole(deps: RoleDeps, roleId: number, body: Body, ctx: AuditContext): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const role = await findRole(trx, roleId);
    if (!role) throw notFound('Role');
    const next: Role = { ...role };
    if (body.name !== undefined) next.name = readRoleName(body.name);
    if (body.server !== undefined) {
      const server = isPositiveInt(body.server) ? await findServer(trx, body.server) : undefined;
      if (!server) throw notFound('Server');
      next.serverId = server.id;
    }
    if (body.longest_token_life_minutes !== undefined) next.longestTokenLifeMinutes = readPositiveInt(body, 'longest_token_life_minutes');
    const latest = readNullableDate(body, 'latest_token_expiry');
    if (latest !== undefined) next.latestTokenExpiry = latest;
    let scopes = readIdList(body, 'scopes');
    const users = readIdList(body, 'users');
    const server = (await findServer(trx, next.serverId))!;
    checkLimits(server, next.longestTokenLifeMinutes, next.latestTokenExpiry);
    await checkUniqueName(trx, next.serverId, next.name, role.id);
    if (scopes === undefined && next.serverId !== role.serverId) {
      // Moving a role to another server drops the scopes that belong to the old one.
      scopes = [];
    }
    await checkMembers(trx, next.serverId, scopes, users);
    await updateRole(trx, role.id, next);
    if (scopes !== undefined) await setRoleScopes(trx, role.id, scopes);
    if (users !== undefined) await setRoleUsers(trx, role.id, users);
    const changed = Object.keys(body).filter((k) => k !== 'id');
    await recordAudit(deps, ctx, { action: AuditAction.RoleUpdated, targetType: 'role', targetId: role.id, detail: { name: next.name, changed } }, trx);
  });
}

export async function removeRole(deps: RoleDeps, roleId: number, ctx: AuditContext): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const role = await findRole(trx, roleId);
    if (!role) throw notFound('Role');
    await deleteRole(trx, role.id);
    await recordAudit(deps, ctx, { action: AuditAction.RoleDeleted, targetType: 'role', targetId: role.id, detail: { name: role.name } }, trx);
  });
}

export async function roleDetail(db: Db, roleId: number) {
  const [r] = await listRoleDetails(db, { ids: [roleId] });
  if (!r) throw notFound('Role');
  return r;
}
