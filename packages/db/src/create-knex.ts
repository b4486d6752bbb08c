import knexFactory, { type Knex } from 'knex';

export type { Knex } from 'knex';

export interface CreateKnexOptions {
  /** A connection string or pg connection object. */
  connection: string | Knex.PgConnectionConfig;
  /** Pool bounds; default min 0, max 5. */
  pool?: { min?: number; max?: number };
  /** Shown in pg_stat_activity, so operators can tell services apart. */
  applicationName?: string;
}

/** A knex instance on the pg driver. Opens no connection until first used. */
export function createKnex(options: CreateKnexOptions): Knex {
  const connection =
    typeof options.connection === 'string'
      ? { connectionString: options.connection, application_name: options.applicationName }
      : { ...options.connection, application_name: options.applicationName ?? options.connection.application_name };
  return knexFactory({
    client: 'pg',
    connection,
    pool: { min: options.pool?.min ?? 0, max: options.pool?.max ?? 5 },
    acquireConnectionTimeout: 10_000,
  });
}

/** Builds a postgres:// URL from parts, percent-encoding the credentials. */
export function postgresUrl(parts: { host: string; port: number; user: string; password?: string; database: string }): string {
  const auth = parts.password ? `${encodeURIComponent(parts.user)}:${encodeURIComponent(parts.password)}` : encodeURIComponent(parts.user);
  return `postgres://${auth}@${parts.host}:${parts.port}/${encodeURIComponent(parts.database)}`;
}
