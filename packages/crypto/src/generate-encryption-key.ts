import { randomBytes } from 'node:crypto';

/** A key-ring key for `FLOWAUTH_FERNET_KEY`: standard base64 of 32 random bytes. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}
