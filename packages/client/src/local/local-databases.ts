import pg from 'pg';

/**
 * Creates (idempotently) what the local Postgres needs for local mode, connecting as its superuser: the FlowDB owner
 * role `flowdb` and database, and auth's own role and database. Passwords are (re)set every run.
 */
export async function ensureLocalDatabases(options: {
  adminUrl: string;
  flowdbDatabase: string;
  flowdbPassword: string;
  authDatabase: string;
  authPassword: string;
}): Promise<void> {
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  try {
    const ensureRole = async (name: string, password: string, superuser: boolean): Promise<void> => {
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount! > 0;
      const ident = client.escapeIdentifier(name);
      const literal = client.escapeLiteral(password);
      await client.query(
        `${exists ? 'ALTER' : 'CREATE'} ROLE ${ident} WITH LOGIN ${superuser ? 'SUPERUSER' : 'NOSUPERUSER'} PASSWORD ${literal}`,
      );
    };
    const ensureDatabase = async (name: string, owner: string): Promise<void> => {
      const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
      if (!exists) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} OWNER ${client.escapeIdentifier(owner)}`);
    };
    await ensureRole('flowdb', options.flowdbPassword, true);
    await ensureDatabase(options.flowdbDatabase, 'flowdb');
    await ensureRole('flowauth', options.authPassword, false);
    await ensureDatabase(options.authDatabase, 'flowauth');
  } finally {
    await client.end();
  }
}
