import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import { deleteTwoFactor, findTwoFactor, replaceBackupCodes, replaceTwoFactor, setLastStep } from '../adapters/postgres/two-factor.js';
import type { User } from '../adapters/postgres/users.js';
import { generateBackupCodes } from '../domain/backup-codes.js';
import { signPayload, verifyPayload } from '../domain/signed-value.js';
import { generateTotpSecret, matchTotpStep, provisioningUrl, TOTP_STEP_SECONDS } from '../domain/totp.js';
import { badRequest, unauthorized } from '../errors.js';
import { TOTP_SECRET_AAD } from './check-second-factor.js';
import { recordAudit } from './record-audit.js';

/** Set-up values expire after FlowAuth's 86 400 s (auth.md §8). */
export const SETUP_MAX_AGE_SECONDS = 86_400;
const SECRET_PURPOSE = 'flowauth.2fa_secret';
const BACKUPS_PURPOSE = 'flowauth.2fa_backups';

type TwoFactorDeps = Pick<Deps, 'db' | 'now' | 'config' | 'hasher' | 'keyRing' | 'replayStore' | 'replayKeys'>;

const nowSeconds = (deps: Pick<Deps, 'now'>): number => Math.floor(deps.now().getTime() / 1000);
const setupInvalid = () => badRequest('Two-factor setup has expired or is invalid.');

/** New backup codes, their argon2id hashes and the signature binding the hashes to the user. */
export async function newBackupCodes(deps: TwoFactorDeps, user: User): Promise<{ backup_codes: string[]; backup_codes_signature: string }> {
  const codes = generateBackupCodes();
  const hashes = await Promise.all(codes.map((c) => deps.hasher.hash(c)));
  return {
    backup_codes: codes,
    backup_codes_signature: signPayload(deps.config.SECRET_KEY, BACKUPS_PURPOSE, { uid: user.id, hashes }, nowSeconds(deps)),
  };
}

function readBackupHashes(deps: TwoFactorDeps, user: User, signature: unknown): string[] {
  const p = verifyPayload(deps.config.SECRET_KEY, BACKUPS_PURPOSE, signature, { maxAgeSeconds: SETUP_MAX_AGE_SECONDS, nowSeconds: nowSeconds(deps) });
  if (!p || p.uid !== user.id || !Array.isArray(p.hashes) || !p.hashes.every((h) => typeof h === 'string')) throw setupInvalid();
  return p.hashes as string[];
}

/** POST /user/enable_two_factor. */
export async function startTwoFactorSetup(deps: TwoFactorDeps, user: User) {
  const secret = generateTotpSecret();
  const issuer = deps.config.FLOWAUTH_TWO_FACTOR_ISSUER;
  return {
    provisioning_url: provisioningUrl({ issuer, username: user.username, secret }),
    secret: signPayload(deps.config.SECRET_KEY, SECRET_PURPOSE, { uid: user.id, secret }, nowSeconds(deps)),
    issuer,
    ...(await newBackupCodes(deps, user)),
  };
}

/** POST /user/confirm_two_factor: replaces any previous 2FA and backup codes. */
export async function confirmTwoFactorSetup(
  deps: TwoFactorDeps,
  user: User,
  body: { two_factor_code?: unknown; secret?: unknown; backup_codes_signature?: unknown },
  ctx: AuditContext,
): Promise<void> {
  const p = verifyPayload(deps.config.SECRET_KEY, SECRET_PURPOSE, body.secret, { maxAgeSeconds: SETUP_MAX_AGE_SECONDS, nowSeconds: nowSeconds(deps) });
  if (!p || p.uid !== user.id || typeof p.secret !== 'string') throw setupInvalid();
  const hashes = readBackupHashes(deps, user, body.backup_codes_signature);
  const window = deps.config.TWO_FACTOR_VALID_WINDOW;
  const step = matchTotpStep({ secret: p.secret, code: body.two_factor_code, now: deps.now(), window });
  if (step === undefined) throw unauthorized('Code not valid.');
  // The confirming code counts as used, so it cannot then sign in (step-monotonic, auth.md §10). The result is not
  // checked: a step already recorded for the user's previous secret (re-enrolment within the same 30 s) is at least
  // this one, which blocks the code just the same.
  await deps.replayStore.advanceStep(deps.replayKeys.totpStep(user.id), step, (2 * window + 2) * TOTP_STEP_SECONDS);
  await deps.db.transaction(async (trx) => {
    await replaceTwoFactor(trx, user.id, deps.keyRing.encrypt(p.secret as string, TOTP_SECRET_AAD), hashes);
    await setLastStep(trx, user.id, step);
    await recordAudit(deps, ctx, { action: AuditAction.TwoFactorEnabled, targetType: 'user', targetId: user.id }, trx);
  });
}

/** POST /user/disable_two_factor. */
export async function disableTwoFactor(deps: TwoFactorDeps, user: User, ctx: AuditContext): Promise<void> {
  if (user.requireTwoFactor) throw badRequest('Two-factor authentication is required for this account.');
  await deps.db.transaction(async (trx) => {
    await deleteTwoFactor(trx, user.id);
    await recordAudit(deps, ctx, { action: AuditAction.TwoFactorDisabled, targetType: 'user', targetId: user.id }, trx);
  });
}

/** POST /user/generate_two_factor_backups: stores the hashes bound by the signature. */
export async function resetBackupCodes(deps: TwoFactorDeps, user: User, signature: unknown, ctx: AuditContext): Promise<void> {
  const hashes = readBackupHashes(deps, user, signature);
  const tf = await findTwoFactor(deps.db, user.id);
  if (!tf?.enabled) throw badRequest('Two-factor authentication is not enabled for this account.');
  await deps.db.transaction(async (trx) => {
    await replaceBackupCodes(trx, user.id, hashes);
    await recordAudit(deps, ctx, { action: AuditAction.BackupCodesReset, targetType: 'user', targetId: user.id }, trx);
  });
}
