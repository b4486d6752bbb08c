import { T, type Db } from './tables.js';

export interface TwoFactorRow {
  userId: number;
  enabled: boolean;
  secretEnc: string;
  lastStep: number | null;
}

export async function findTwoFactor(db: Db, userId: number): Promise<TwoFactorRow | undefined> {
  const r = (await db(T.twoFactor).where({ user_id: userId }).first()) as
    | { user_id: number; enabled: boolean; secret_enc: string; last_step: string | number | null }
    | undefined;
  return r && { userId: r.user_id, enabled: r.enabled, secretEnc: r.secret_enc, lastStep: r.last_step === null ? null : Number(r.last_step) };
}

/** Replaces the user's two-factor secret and backup codes (confirm_two_factor). */
export async function replaceTwoFactor(db: Db, userId: number, secretEnc: string, backupHashes: readonly string[]): Promise<void> {
  await db(T.twoFactor).where({ user_id: userId }).delete();
  await db(T.twoFactor).insert({ user_id: userId, enabled: true, secret_enc: secretEnc, last_step: null });
  await replaceBackupCodes(db, userId, backupHashes);
}

export async function deleteTwoFactor(db: Db, userId: number): Promise<void> {
  await db(T.twoFactor).where({ user_id: userId }).delete();
  await db(T.backups).where({ user_id: userId }).delete();
}

export async function setLastStep(db: Db, userId: number, step: number): Promise<void> {
  await db(T.twoFactor).where({ user_id: userId }).update({ last_step: step });
}

export async function replaceBackupCodes(db: Db, userId: number, hashes: readonly string[]): Promise<void> {
  await db(T.backups).where({ user_id: userId }).delete();
  if (hashes.length > 0) await db(T.backups).insert(hashes.map((code_hash) => ({ user_id: userId, code_hash })));
}

export async function listBackupCodes(db: Db, userId: number): Promise<{ id: number; hash: string }[]> {
  return db(T.backups).where({ user_id: userId }).select('id', { hash: 'code_hash' }).orderBy('id');
}

/** Deletes a used backup code; false when another request consumed it first. */
export async function consumeBackupCode(db: Db, id: number): Promise<boolean> {
  return (await db(T.backups).where({ id }).delete()) === 1;
}
