import type { Deps } from '../deps.js';
import type { AuditContext } from '../adapters/postgres/audit-log.js';
import { AuditAction } from '../adapters/postgres/audit-log.js';
import { consumeBackupCode, listBackupCodes, setLastStep, type TwoFactorRow } from '../adapters/postgres/two-factor.js';
import { BACKUP_CODE_LENGTH } from '../domain/backup-codes.js';
import { matchTotpStep, TOTP_STEP_SECONDS } from '../domain/totp.js';
import { recordAudit } from './record-audit.js';

/** AAD of encrypted TOTP secrets (deployment.md §5). */
export const TOTP_SECRET_AAD = 'two_factor_auth.secret';

type SecondFactorDeps = Pick<Deps, 'db' | 'now' | 'config' | 'keyRing' | 'replayStore' | 'replayKeys' | 'hasher'>;

/**
 * Checks a code as TOTP first (step-monotonic, atomic in the replay store), then as a backup code (consumed on
 * success) — auth.md §10. Returns whether the code was accepted; a rejected replay writes `totp_replay_rejected`.
 */
export async function checkSecondFactor(
  deps: SecondFactorDeps,
  tf: TwoFactorRow,
  code: unknown,
  ctx: AuditContext,
): Promise<boolean> {
  if (typeof code !== 'string') return false;
  const now = deps.now();
  const window = deps.config.TWO_FACTOR_VALID_WINDOW;
  const secret = deps.keyRing.decrypt(tf.secretEnc, TOTP_SECRET_AAD);
  const step = matchTotpStep({ secret, code, now, window });
  if (step !== undefined) {
    const ttlSeconds = (2 * window + 2) * TOTP_STEP_SECONDS;
    if (await deps.replayStore.advanceStep(deps.replayKeys.totpStep(tf.userId), step, ttlSeconds)) {
      await setLastStep(deps.db, tf.userId, step);
      return true;
    }
    await recordAudit(deps, ctx, { action: AuditAction.TotpReplayRejected, targetType: 'user', targetId: tf.userId });
    return false;
  }
  if (code.length !== BACKUP_CODE_LENGTH) return false;
  for (const backup of await listBackupCodes(deps.db, tf.userId)) {
    if (await deps.hasher.verify(backup.hash, code)) {
      if (!(await consumeBackupCode(deps.db, backup.id))) return false;
      await recordAudit(deps, ctx, { action: AuditAction.BackupCodeUsed, targetType: 'user', targetId: tf.userId });
      return true;
    }
  }
  return false;
}
