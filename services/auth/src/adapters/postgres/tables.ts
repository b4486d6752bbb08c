import type { Knex } from 'knex';

/** Auth's schema; DB_RESET drops it, tests get a database of their own. */
export const AUTH_SCHEMA = 'flowauth';

/**
 * Qualified table names. The repositories use knex's builder only (no Postgres-only SQL except where marked), so
 * a SQLite adapter can reuse them with the database attached as `flowauth`.
 */
export const T = {
  users: `${AUTH_SCHEMA}.users`,
  twoFactor: `${AUTH_SCHEMA}.two_factor_auth`,
  backups: `${AUTH_SCHEMA}.two_factor_backup`,
  servers: `${AUTH_SCHEMA}.servers`,
  scopes: `${AUTH_SCHEMA}.scopes`,
  roles: `${AUTH_SCHEMA}.roles`,
  scopesInRole: `${AUTH_SCHEMA}.scopes_in_role`,
  usersWithRoles: `${AUTH_SCHEMA}.users_with_roles`,
  tokens: `${AUTH_SCHEMA}.token_history`,
  tokenRoles: `${AUTH_SCHEMA}.tokens_with_roles`,
  sessions: `${AUTH_SCHEMA}.sessions`,
  audit: `${AUTH_SCHEMA}.audit_log`,
  cache: `${AUTH_SCHEMA}.cache_entries`,
  revoked: `${AUTH_SCHEMA}.revoked_tokens`,
} as const;

/** A knex instance or a transaction: every repository function accepts either. */
export type Db = Knex | Knex.Transaction;

/** Whether a driver error is a unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
