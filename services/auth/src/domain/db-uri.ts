/** Where auth keeps its data, decided from DB_URI (deployment.md §2.5). */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };

/** SQLite file used when DB_URI is unset (deployment.md §2.5). */
export const DEFAULT_SQLITE_PATH = '/var/lib/flowdeck-auth/auth.db';

/** TypeError for a DB_URI auth cannot use; thrown at start-up. */
export function parseDbUri(uri: string, password: string): DatabaseTarget {
  const withPassword = uri.replace(/\{\}/g, encodeURIComponent(password));
  const m = /^(postgresql\+psycopg2|postgresql|postgres):\/\/(.*)$/i.exec(withPassword);
  if (m) return { kind: 'postgres', url: `postgres://${m[2]}` };
  const s = /^sqlite:\/\/\/(.+)$/i.exec(uri);
  if (s) return { kind: 'sqlite', path: s[1]! };
  if (/^mysql/i.test(uri)) throw new TypeError('DB_URI: MySQL is not supported.');
  throw new TypeError('DB_URI must start with postgresql://, postgres://, postgresql+psycopg2:// or sqlite:///.');
}
