import { randomBytes } from 'node:crypto';

/** `SECRET_KEY`: standard base64 of 64 random bytes. */
export function generateSecretKey(): string {
  return randomBytes(64).toString('base64');
}
