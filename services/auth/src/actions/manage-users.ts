import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import { deleteSessionsOfUser } from '../adapters/postgres/sessions.js';
import { deleteTwoFactor } from '../adapters/postgres/two-factor.js';
import { countOtherAdmins, deleteUser, findUserById, findUserByName, insertUser, lockAdmins, updateUser } from '../adapters/postgres/users.js';
import type { Db } from '../adapters/postgres/tables.js';
import { keepRevocationsOf } from '../adapters/postgres/tokens.js';
import { isPasswordComplex } from '../domain/password-policy.js';
import { readBool, type Body } from '../domain/request-fields.js';
import { badField, badRequest, notFound } from '../errors.js';
import { recordAudit } from './record-audit.js';

type UserDeps = Pick<Deps, 'db' | 'now' | 'hasher'>;

function readUsername(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw badField('username', 'Must provide username');
  if (v.length > 75) throw badField('username', 'Username must be 75 characters or less.');
  return v;
}

/** Complexity of auth.md §7: zxcvbn score 4 and at least 8 characters. */
export function readPassword(v: unknown, field = 'password'): string {
  if (typeof v !== 'string' || !isPasswordComplex(v)) throw badField(field, 'Password not complex enough.');
  return v;
}

async function checkUniqueUsername(db: Db, username: string, exceptId?: number): Promise<void> {
  const clash = await findUserByName(db, username);
  if (clash && clash.id !== exceptId) throw badField('username', 'Username already exists.');
}

const LAST_ADMIN = 'Removing this user would leave no admins.';

export async function createUser(deps: UserDeps, body: Body, ctx: AuditContext): Promise<number> {
  const username = readUsername(body.username);
  const password = readPassword(body.password);
  const isAdmin = readBool(body, 'is_admin') ?? false;
  const requireTwoFactor = readBool(body, 'require_two_factor') ?? false;
  await checkUniqueUsername(deps.db, username);
  const passwordHash = await deps.hasher.hash(password);
  return deps.db.transaction(async (trx) => {
    await checkUniqueUsername(trx, username);
    const id = await insertUser(trx, { username, passwordHash, isAdmin, requireTwoFactor });
    await recordAudit(deps, ctx, { action: AuditAction.UserCreated, targetType: 'user', targetId: id, detail: { username, is_admin: isAdmin, require_two_factor: requireTwoFactor } }, trx);
    return id;
  });
}

export async function patchUser(deps: UserDeps, userId: number, body: Body, ctx: AuditContext): Promise<void> {
  const username = body.username === undefined ? undefined : readUsername(body.username);
  const password = body.password === undefined ? undefined : readPassword(body.password);
  const isAdmin = readBool(body, 'is_admin');
  const requireTwoFactor = readBool(body, 'require_two_factor');
  const hasTwoFactor = readBool(body, 'has_two_factor');
  if (hasTwoFactor === true) throw badField('has_two_factor', 'has_two_factor can only be set to false.');
  const passwordHash = password === undefined ? undefined : await deps.hasher.hash(password);
  await deps.db.transaction(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw notFound('User');
    if (username !== undefined) await checkUniqueUsername(trx, username, user.id);
    if (isAdmin === false && user.isAdmin) {
      await lockAdmins(trx);
      if ((await countOtherAdmins(trx, user.id)) === 0) throw badRequest(LAST_ADMIN);
    }
    await updateUser(trx, user.id, { username, passwordHash, isAdmin, requireTwoFactor });
    if (hasTwoFactor === false) await deleteTwoFactor(trx, user.id);
    // A changed password ends the user's sessions everywhere (auth.md §7).
    if (passwordHash !== undefined) await deleteSessionsOfUser(trx, user.id);
    const changed = Object.keys(body).filter((k) => k !== 'id');
    await recordAudit(deps, ctx, { action: AuditAction.UserUpdated, targetType: 'user', targetId: user.id, detail: { username: username ?? user.username, changed } }, trx);
    if (hasTwoFactor === false) {
      await recordAudit(deps, ctx, { action: AuditAction.TwoFactorDisabled, targetType: 'user', targetId: user.id, detail: { by_admin: true } }, trx);
    }
  });
}

export async function removeUser(deps: UserDeps, userId: number, ctx: AuditContext): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw notFound('User');
    if (user.isAdmin) {
      await lockAdmins(trx);
      if ((await countOtherAdmins(trx, user.id)) === 0) throw badRequest(LAST_ADMIN);
    }
    // Deleting a user revokes their unexpired tokens and keeps them on the revocation list (docs/revocation.md).
    const revokedTokens = await keepRevocationsOf(trx, { userId: user.id }, deps.now(), 'user_deleted');
    await deleteUser(trx, user.id);
    await recordAudit(deps, ctx, { action: AuditAction.UserDeleted, targetType: 'user', targetId: user.id, detail: { username: user.username, revoked_tokens: revokedTokens } }, trx);
  });
}
