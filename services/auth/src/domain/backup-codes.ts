import { randomInt } from 'node:crypto';

/** Backup codes (auth.md §10): 16 per set, 10 characters from [A-Za-z0-9], from a CSPRNG. */
export const BACKUP_CODE_COUNT = 16;
export const BACKUP_CODE_LENGTH = 10;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () =>
    Array.from({ length: BACKUP_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
}
