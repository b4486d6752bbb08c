import { compareCodePoints } from '@flowdeck/tokens';
import { T, type Db } from './tables.js';

export interface Role {
  id: number;
  name: string;
  serverId: number;
  longestTokenLifeMinutes: number;
  latestTokenExpiry: Date | null;
}

export interface RoleDetail extends Role {
  scopeIds: number[];
  userIds: number[];
}

interface RoleRow {
  id: number;
  name: string;
  server_id: number;
  longest_token_life_minutes: number;
  latest_token_expiry: Date | null;
}

const toRole = (r: RoleRow): Role => ({
  id: r.id,
  name: r.name,
  serverId: r.server_id,
  longestTokenLifeMinutes: r.longest_token_life_minutes,
  latestTokenExpiry: r.latest_token_expiry === null ? null : new Date(r.latest_token_expiry),
});

function groupIds(rows: { key: number; id: number }[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(r.key) ?? [];
    list.push(r.id);
    out.set(r.key, list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Roles (optionally one server's or some ids) with their scope ids and user ids, sorted by id. */
export async function listRoleDetails(db: Db, filter: { serverId?: number; ids?: number[] } = {}): Promise<RoleDetail[]> {
  const q = db(T.roles).select('*').orderBy('id');
  if (filter.serverId !== undefined) q.where({ server_id: filter.serverId });
  if (filter.ids !== undefined) q.whereIn('id', filter.ids);
  const roles = ((await q) as RoleRow[]).map(toRole);
  if (roles.length === 0) return [];
  const ids = roles.map((r) => r.id);
  const scopes = groupIds(await db(T.scopesInRole).whereIn('role_id', ids).select({ key: 'role_id', id: 'scope_id' }));
  const users = groupIds(await db(T.usersWithRoles).whereIn('role_id', ids).select({ key: 'role_id', id: 'user_id' }));
  return roles.map((r) => ({ ...r, scopeIds: scopes.get(r.id) ?? [], userIds: users.get(r.id) ?? [] }));
}

export async function findRole(db: Db, id: number): Promise<Role | undefined> {
  const r = (await db(T.roles).where({ id }).first()) as RoleRow | undefined;
  return r && toRole(r);
}

export async function findRoleByName(db: Db, serverId: number, name: string): Promise<Role | undefined> {
  const r = (await db(T.roles).where({ server_id: serverId, name }).first()) as RoleRow | undefined;
  return r && toRole(r);
}

export async function insertRole(db: Db, r: Omit<Role, 'id'>): Promise<number> {
  const [row] = (await db(T.roles)
    .insert({
      name: r.name,
      server_id: r.serverId,
      longest_token_life_minutes: r.longestTokenLifeMinutes,
      latest_token_expiry: r.latestTokenExpiry,
    })
    .returning('id')) as { id: number }[];
  return row!.id;
}

export async function updateRole(db: Db, id: number, patch: Partial<Omit<Role, 'id'>>): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.name !== undefined) row.name = patch.name;
  if (patch.serverId !== undefined) row.server_id = patch.serverId;
  if (patch.longestTokenLifeMinutes !== undefined) row.longest_token_life_minutes = patch.longestTokenLifeMinutes;
  if (patch.latestTokenExpiry !== undefined) row.latest_token_expiry = patch.latestTokenExpiry;
  if (Object.keys(row).length > 0) await db(T.roles).where({ id }).update(row);
}

export async function deleteRole(db: Db, id: number): Promise<void> {
  await db(T.roles).where({ id }).delete();
}

export async function setRoleScopes(db: Db, roleId: number, scopeIds: readonly number[]): Promise<void> {
  await db(T.scopesInRole).where({ role_id: roleId }).delete();
  if (scopeIds.length > 0) await db(T.scopesInRole).insert(scopeIds.map((scope_id) => ({ role_id: roleId, scope_id })));
}

export async function setRoleUsers(db: Db, roleId: number, userIds: readonly number[]): Promise<void> {
  await db(T.usersWithRoles).where({ role_id: roleId }).delete();
  if (userIds.length > 0) await db(T.usersWithRoles).insert(userIds.map((user_id) => ({ role_id: roleId, user_id })));
}

/** Assigns the roles to a server (PATCH /admin/servers roles). */
export async function moveRolesToServer(db: Db, roleIds: readonly number[], serverId: number): Promise<void> {
  if (roleIds.length > 0) await db(T.roles).whereIn('id', roleIds).update({ server_id: serverId });
}

/** Which of `ids` exist. */
export async function existingIds(db: Db, table: 'users' | 'scopes', ids: readonly number[], serverId?: number): Promise<number[]> {
  if (ids.length === 0) return [];
  const q = db(table === 'users' ? T.users : T.scopes).whereIn('id', ids).select('id');
  if (serverId !== undefined) q.where({ server_id: serverId });
  return (await q).map((r: { id: number }) => r.id);
}

export async function roleMembers(db: Db, roleId: number): Promise<{ name: string; id: number }[]> {
  return db(`${T.usersWithRoles} as ur`)
    .join(`${T.users} as u`, 'u.id', 'ur.user_id')
    .where('ur.role_id', roleId)
    .select({ name: 'u.username' }, 'u.id')
    .orderBy('u.id');
}

/** Scopes of a role, optionally only the enabled ones: `[{name, id}]` sorted by name. */
export async function roleScopes(db: Db, roleId: number, opts: { enabledOnly?: boolean } = {}): Promise<{ name: string; id: number }[]> {
  const q = db(`${T.scopesInRole} as sr`)
    .join(`${T.scopes} as s`, 's.id', 'sr.scope_id')
    .where('sr.role_id', roleId)
    .select('s.name', 's.id')
    .orderBy('s.name');
  if (opts.enabledOnly) q.andWhere('s.enabled', true);
  return q;
}

/** Scope names (all, or enabled only) of several roles, keyed by role id. */
export async function scopeNamesOfRoles(db: Db, roleIds: readonly number[], opts: { enabledOnly?: boolean } = {}): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(roleIds.map((id) => [id, []]));
  if (roleIds.length === 0) return out;
  const q = db(`${T.scopesInRole} as sr`)
    .join(`${T.scopes} as s`, 's.id', 'sr.scope_id')
    .whereIn('sr.role_id', roleIds)
    .select({ roleId: 'sr.role_id', name: 's.name' });
  if (opts.enabledOnly) q.andWhere('s.enabled', true);
  for (const r of (await q) as { roleId: number; name: string }[]) out.get(r.roleId)?.push(r.name);
  for (const list of out.values()) list.sort(compareCodePoints);
  return out;
}

/** The user's roles on a server, sorted by id. */
export async function rolesOfUserOnServer(db: Db, userId: number, serverId: number): Promise<Role[]> {
  const rows = (await db(`${T.roles} as r`)
    .join(`${T.usersWithRoles} as ur`, 'ur.role_id', 'r.id')
    .where({ 'ur.user_id': userId, 'r.server_id': serverId })
    .select('r.*')
    .orderBy('r.id')) as RoleRow[];
  return rows.map(toRole);
}
