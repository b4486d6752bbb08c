import { T, type Db } from './tables.js';

export interface Server {
  id: number;
  name: string;
  longestTokenLifeMinutes: number;
  latestTokenExpiry: Date | null;
}

export interface Scope {
  id: number;
  name: string;
  enabled: boolean;
}

interface ServerRow {
  id: number;
  name: string;
  longest_token_life_minutes: number;
  latest_token_expiry: Date | null;
}

const toServer = (r: ServerRow): Server => ({
  id: r.id,
  name: r.name,
  longestTokenLifeMinutes: r.longest_token_life_minutes,
  latestTokenExpiry: r.latest_token_expiry === null ? null : new Date(r.latest_token_expiry),
});

export async function listServers(db: Db): Promise<Server[]> {
  return ((await db(T.servers).select('*').orderBy('id')) as ServerRow[]).map(toServer);
}

export async function findServer(db: Db, id: number): Promise<Server | undefined> {
  const r = (await db(T.servers).where({ id }).first()) as ServerRow | undefined;
  return r && toServer(r);
}

export async function findServerByName(db: Db, name: string): Promise<Server | undefined> {
  const r = (await db(T.servers).where({ name }).first()) as ServerRow | undefined;
  return r && toServer(r);
}

export async function insertServer(db: Db, s: Omit<Server, 'id'>): Promise<number> {
  const [row] = (await db(T.servers)
    .insert({ name: s.name, longest_token_life_minutes: s.longestTokenLifeMinutes, latest_token_expiry: s.latestTokenExpiry })
    .returning('id')) as { id: number }[];
  return row!.id;
}

export async function updateServer(db: Db, id: number, patch: Partial<Omit<Server, 'id'>>): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.name !== undefined) row.name = patch.name;
  if (patch.longestTokenLifeMinutes !== undefined) row.longest_token_life_minutes = patch.longestTokenLifeMinutes;
  if (patch.latestTokenExpiry !== undefined) row.latest_token_expiry = patch.latestTokenExpiry;
  if (Object.keys(row).length > 0) await db(T.servers).where({ id }).update(row);
}

/** Deletes the server; its scopes, roles and token records go with it (ON DELETE CASCADE). */
export async function deleteServer(db: Db, id: number): Promise<void> {
  await db(T.servers).where({ id }).delete();
}

export async function listScopes(db: Db, serverId: number): Promise<Scope[]> {
  return db(T.scopes).where({ server_id: serverId }).select('id', 'name', 'enabled').orderBy('id');
}

export async function insertScopes(db: Db, serverId: number, scopes: readonly { name: string; enabled: boolean }[]): Promise<void> {
  if (scopes.length === 0) return;
  for (let i = 0; i < scopes.length; i += 1000) {
    await db(T.scopes).insert(scopes.slice(i, i + 1000).map((s) => ({ server_id: serverId, name: s.name, enabled: s.enabled })));
  }
}

export async function setScopesEnabled(db: Db, serverId: number, names: readonly string[], enabled: boolean): Promise<void> {
  if (names.length === 0) return;
  await db(T.scopes).where({ server_id: serverId }).whereIn('name', names).update({ enabled });
}

/** Deletes the named scopes; role memberships go with them (ON DELETE CASCADE). */
export async function deleteScopes(db: Db, serverId: number, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db(T.scopes).where({ server_id: serverId }).whereIn('name', names).delete();
}

/** Ids of roles on a server. */
export async function roleIdsOfServer(db: Db, serverId: number): Promise<number[]> {
  return (await db(T.roles).where({ server_id: serverId }).select('id')).map((r: { id: number }) => r.id);
}

/** Servers where the user holds at least one role, sorted by name. */
export async function serversOfUser(db: Db, userId: number): Promise<{ id: number; server_name: string }[]> {
  return db(`${T.servers} as s`)
    .whereExists((q) =>
      q
        .select(db.raw('1'))
        .from(`${T.roles} as r`)
        .join(`${T.usersWithRoles} as ur`, 'ur.role_id', 'r.id')
        .whereRaw('r.server_id = s.id')
        .andWhere('ur.user_id', userId),
    )
    .select('s.id', { server_name: 's.name' })
    .orderBy('s.name');
}
