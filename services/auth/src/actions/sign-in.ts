import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import { insertSession } from '../adapters/postgres/sessions.js';
import { findTwoFactor } from '../adapters/postgres/two-factor.js';
import { findUserByName, type User } from '../adapters/postgres/users.js';
import { badRequest, rateLimited, unauthorized } from '../errors.js';
import { checkSecondFactor } from './check-second-factor.js';
import { recordAudit } from './record-audit.js';

export type SignInDeps = Pick<Deps, 'db' | 'now' | 'config' | 'keyRing' | 'replayStore' | 'replayKeys' | 'hasher'>;

export interface SignInResult {
  user: User;
  idHash: string;
  twoFactorEnabled: boolean;
  body: { logged_in: true; is_admin: boolean; require_two_factor_setup: boolean };
}

/** Per-address limit is 5x the per-username one (auth.md §11.5). */
export const ADDRESS_FAILURE_FACTOR = 5;

/**
 * POST /signin (auth.md §3, §10, §11.5): rate limit, password (dummy hash for unknown users), second factor, then a
 * new server-side session stored under `idHash`. Throws the AuthErrors of §3.
 */
export async function signIn(
  deps: SignInDeps,
  input: { username: unknown; password: unknown; twoFactorCode: unknown; sourceIp: string; idHash: string },
  ctx: AuditContext,
): Promise<SignInResult> {
  const { username, password } = input;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
    throw badRequest('Must supply username or password.');
  }
  const max = deps.config.FLOWAUTH_LOGIN_MAX_FAILURES;
  const windowSeconds = deps.config.FLOWAUTH_LOGIN_FAILURE_WINDOW_SECONDS;
  const userKey = deps.replayKeys.failuresByUsername(username);
  const addrKey = deps.replayKeys.failuresByAddress(input.sourceIp);
  const [byUser, byAddr] = await Promise.all([deps.replayStore.peek(userKey), deps.replayStore.peek(addrKey)]);
  // After `max` failures (5x per address) within the window, further attempts are refused before the password check.
  const blocked = [byUser.count >= max ? byUser.retryAfterSeconds : 0, byAddr.count >= max * ADDRESS_FAILURE_FACTOR ? byAddr.retryAfterSeconds : 0];
  if (blocked.some((s) => s > 0)) {
    await recordAudit(deps, ctx, { action: AuditAction.SigninRateLimited, targetType: 'user', detail: { username } });
    throw rateLimited(Math.max(...blocked));
  }
  const fail = async (reason: string, userId?: number): Promise<void> => {
    await Promise.all([deps.replayStore.increment(userKey, windowSeconds), deps.replayStore.increment(addrKey, windowSeconds)]);
    await recordAudit(deps, ctx, { action: AuditAction.SigninFailure, targetType: 'user', targetId: userId ?? null, detail: { username, reason } });
  };

  const user = await findUserByName(deps.db, username);
  const passwordOk = user ? await deps.hasher.verify(user.passwordHash, password) : await deps.hasher.verifyDummy(password);
  if (!user || !passwordOk) {
    await fail(user ? 'bad_password' : 'unknown_user', user?.id);
    throw unauthorized('Incorrect username or password.');
  }
  const tf = await findTwoFactor(deps.db, user.id);
  if (tf?.enabled) {
    const code = input.twoFactorCode;
    if (code === undefined || code === null || code === '') {
      throw badRequest('Must supply a two-factor authentication code.', { need_two_factor: true });
    }
    if (!(await checkSecondFactor(deps, tf, code, { ...ctx, actor: user.username }))) {
      await fail('bad_code', user.id);
      throw unauthorized('Code not valid.');
    }
  }
  await deps.replayStore.reset(userKey);
  const now = deps.now();
  await insertSession(deps.db, { idHash: input.idHash, userId: user.id, createdAt: now, lastSeenAt: now });
  await recordAudit(deps, { ...ctx, actor: user.username }, { action: AuditAction.SigninSuccess, targetType: 'user', targetId: user.id });
  return {
    user,
    idHash: input.idHash,
    twoFactorEnabled: tf?.enabled === true,
    body: { logged_in: true, is_admin: user.isAdmin, require_two_factor_setup: user.requireTwoFactor && !tf?.enabled },
  };
}
