import { T, type Db } from './tables.js';
import { isSqlite } from '../sqlite/create-sqlite-knex.js';

export interface User {
  id: number;
  username: string;
  passwordHash: string;
  isAdmin: boolean;
  requireTwoFactor: boolean;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  is_admin: boolean;
  require_two_factor: boolean;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  isAdmin: r.is_admin,
  requireTwoFactor: r.require_two_factor,
});

export async function findUserByName(db: Db, username: string): Promise<User | undefined> {
  const r = (await db(T.users).where({ username }).first()) as UserRow | undefined;
  return r && toUser(r);
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const r = (await db(T.users).where({ id }).first()) as UserRow | undefined;
  return r && toUser(r);
}

export async function listUsers(db: Db): Promise<{ id: number; name: string }[]> {
  return db(T.users).select('id', { name: 'username' }).orderBy('id');
}

export async function insertUser(
  db: Db,
  u: { username: string; passwordHash: string; isAdmin: boolean; requireTwoFactor: boolean },
): Promise<number> {
  const [row] = (await db(T.users)
    .insert({ username: u.username, password_hash: u.passwordHash, is_admin: u.isAdmin, require_two_factor: u.requireTwoFactor })
    .returning('id')) as { id: number }[];
  return row!.id;
}

export async function updateUser(
  db: Db,
  id: number,
  patch: Partial<{ username: string; passwordHash: string; isAdmin: boolean; requireTwoFactor: boolean }>,
): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.username !== undefined) row.username = patch.username;
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.isAdmin !== undefined) row.is_admin = patch.isAdmin;
  if (patch.requireTwoFactor !== undefined) row.require_two_factor = patch.requireTwoFactor;
  if (Object.keys(row).length > 0) await db(T.users).where({ id }).update(row);
}

export async function deleteUser(db: Db, id: number): Promise<void> {
  await db(T.users).where({ id }).delete();
}

/** Number of admins other than `exceptId`. */
export async function countOtherAdmins(db: Db, exceptId: number): Promise<number> {
  const [r] = (await db(T.users).where({ is_admin: true }).whereNot({ id: exceptId }).count({ n: '*' })) as { n: string | number }[];
  return Number(r?.n ?? 0);
}

/** Roles held by a user: `[{id, name}]` sorted by id. */
export async function rolesOfUser(db: Db, userId: number): Promise<{ id: number; name: string }[]> {
  return db(`${T.usersWithRoles} as ur`)
    .join(`${T.roles} as r`, 'r.id', 'ur.role_id')
    .where('ur.user_id', userId)
    .select('r.id', 'r.name')
    .orderBy('r.id');
}

/** Serialises admin changes (last-admin rule) inside a transaction. A no-op on SQLite, which serialises writers anyway. */
export async function lockAdmins(db: Db): Promise<void> {
  if (isSqlite(db)) return;
  await db(T.users).where({ is_admin: true }).forUpdate().select('id');
}
