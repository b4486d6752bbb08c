import { createHash, timingSafeEqual } from 'node:crypto';

/** Login of the ETL monitor (FLOWETL_AIRFLOW_ADMIN_USERNAME / FLOWETL_AIRFLOW_ADMIN_PASSWORD). */
export interface AdminCredentials {
  username: string;
  password: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether the given username and password are the admin's, in time independent of where they differ and of their
 * lengths (both fields are hashed to fixed length and both are always compared).
 */
export function credentialsMatch(expected: AdminCredentials, given: { username: string; password: string }): boolean {
  const userOk = timingSafeEqual(digest(expected.username), digest(given.username));
  const passwordOk = timingSafeEqual(digest(expected.password), digest(given.password));
  return userOk && passwordOk;
}
