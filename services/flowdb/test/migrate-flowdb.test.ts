import { MigrationError } from '@flowdeck/db';
import { readMigrations } from '@flowdeck/db';
import { migrateFlowdb, type MigrateFlowdbOptions } from '../src/migrate-flowdb.js';
import { flowdbSchemaStatus } from '../src/schema-status.js';
import { FLOWDB_MIGRATIONS_DIR } from '../src/sql-files.js';
import { createEmptyDatabase, testKnex, TEST_ROLES, type TestDatabase } from '../../../test-support/flowdb.js';

const options: MigrateFlowdbOptions = {
  mode: 'upgrade',
  nodeEnv: 'test',
  roles: { ...TEST_ROLES },
  cacheConfig: { halfLife: 1000, cacheSizeBytes: 123456789, protectedPeriodSeconds: 86400 },
};
const latest = readMigrations(FLOWDB_MIGRATIONS_DIR).at(-1)!.version;

async function tableNames(tdb: TestDatabase, schema: string): Promise<string[]> {
  const { rows } = await tdb.knex.raw(
    `SELECT c.relname FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v') ORDER BY 1`,
    [schema],
  );
  return rows.map((r: { relname: string }) => r.relname);
}

describe('migrateFlowdb', () => {
  const dbs: TestDatabase[] = [];
  async function fresh(): Promise<TestDatabase> {
    const tdb = await createEmptyDatabase();
    dbs.push(tdb);
    return tdb;
  }
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('applies every migration on a fresh database and is a no-op the second time', async () => {
    const tdb = await fresh();
    const first = await migrateFlowdb(tdb.knex, options);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.version).toBe(latest);
    expect(await tableNames(tdb, 'events')).toEqual(['calls', 'forwards', 'location_ids', 'mds', 'sms', 'topups']);
    expect(await tableNames(tdb, 'geography')).toEqual(
      expect.arrayContaining(['admin0', 'admin1', 'admin2', 'admin3', 'cell_admin', 'geo_bridge', 'geo_kinds', 'geoms', 'linkage_methods']),
    );
    expect(await tableNames(tdb, 'cache')).toEqual(
      expect.arrayContaining(['available_dates', 'cache_config', 'cached', 'date_dependencies', 'dependencies', 'qa_checks', 'queries', 'query_state_history', 'query_status']),
    );
    const partitioned = await tdb.knex.raw(
      `SELECT c.relname, pg_get_partkeydef(c.oid) AS key FROM pg_catalog.pg_class AS c
       JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = 'events' AND c.relkind = 'p' ORDER BY 1`,
    );
    expect(partitioned.rows).toEqual(
      ['calls', 'forwards', 'mds', 'sms', 'topups'].map((t) => ({ relname: t, key: 'RANGE (datetime)' })),
    );
    const config = await tdb.knex('cache.cache_config').orderBy('key');
    expect(config).toEqual([
      { key: 'cache_protected_period', value: '86400' },
      { key: 'cache_size', value: '123456789' },
      { key: 'half_life', value: '1000' },
    ]);
    const tz = await tdb.knex.raw(
      `SELECT s.setconfig FROM pg_catalog.pg_db_role_setting AS s JOIN pg_catalog.pg_database AS d ON d.oid = s.setdatabase
       WHERE d.datname = current_database() AND s.setrole = 0`,
    );
    expect(tz.rows[0].setconfig).toContain('TimeZone=UTC');
    const acl = await tdb.knex.raw(
      `SELECT has_database_privilege('public', current_database(), 'CONNECT') AS public_connect,
              has_database_privilege('flowdeck_api', current_database(), 'CONNECT') AS api_connect`,
    );
    expect(acl.rows[0]).toEqual({ public_connect: false, api_connect: true });
    const roles = await tdb.knex.raw(
      `SELECT r.rolname, r.rolcanlogin, r.rolinherit, pg_has_role(r.rolname, 'flowdeck_engine', 'MEMBER') AS engine,
              pg_has_role(r.rolname, 'flowdeck_api', 'MEMBER') AS api
       FROM pg_catalog.pg_roles AS r WHERE r.rolname IN ('flowmachine', 'flowapi') ORDER BY 1`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'flowapi', rolcanlogin: true, rolinherit: true, engine: false, api: true },
      { rolname: 'flowmachine', rolcanlogin: true, rolinherit: true, engine: true, api: false },
    ]);
    const version = await tdb.knex('public.flowdb_version').first('version');
    expect(version?.version).toMatch(/^flowdeck-/);

    const again = await migrateFlowdb(tdb.knex, options);
    expect(again).toEqual({ applied: [], version: latest });
  });

  it('serialises two migrators started at once on the same fresh database', async () => {
    const tdb = await fresh();
    const a = testKnex(tdb.url);
    const b = testKnex(tdb.url);
    try {
      const [ra, rb] = await Promise.all([migrateFlowdb(a, options), migrateFlowdb(b, options)]);
      const applied = [ra.applied, rb.applied].sort((x, y) => y.length - x.length);
      expect(applied[0]!.length).toBeGreaterThan(0);
      expect(applied[1]).toEqual([]);
      const rows = await tdb.knex('public.flowdeck_migrations').select('version').orderBy('version');
      expect(rows.map((r: { version: number }) => r.version)).toEqual(applied[0]);
      const schemas = await tdb.knex.raw(`SELECT count(*)::int AS n FROM pg_catalog.pg_namespace WHERE nspname = 'cache'`);
      expect(schemas.rows[0].n).toBe(1);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('refuses to start with mode none on an outdated database', async () => {
    const tdb = await fresh();
    expect(await flowdbSchemaStatus(tdb.knex)).toMatchObject({ current: false, version: latest });
    const err = await migrateFlowdb(tdb.knex, { ...options, mode: 'none' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).code).toBe('SCHEMA_OUTDATED');
    await migrateFlowdb(tdb.knex, options);
    await expect(migrateFlowdb(tdb.knex, { ...options, mode: 'none' })).resolves.toEqual({ applied: [], version: latest });
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const tdb = await fresh();
    await migrateFlowdb(tdb.knex, options);
    await tdb.knex('public.flowdeck_migrations').where({ version: 1 }).update({ checksum: 'not-the-checksum' });
    const err = await migrateFlowdb(tdb.knex, options).catch((e: unknown) => e);
    expect((err as MigrationError).code).toBe('MIGRATION_CHANGED');
    expect(await flowdbSchemaStatus(tdb.knex)).toMatchObject({ current: false, pending: [], changed: [1] });
  });

  it('DB_RESET drops the data and recreates the schemas', async () => {
    const tdb = await fresh();
    await migrateFlowdb(tdb.knex, options);
    await tdb.knex('etl.etl_records').insert({ cdr_type: 'calls', cdr_date: '2016-01-01', state: 'pending' });
    await tdb.knex.raw('CREATE TABLE cache.x_leftover (a int)');
    const result = await migrateFlowdb(tdb.knex, { ...options, reset: true });
    expect(result.applied.length).toBeGreaterThan(0);
    expect(await tdb.knex('etl.etl_records').count({ n: '*' })).toEqual([{ n: '0' }]);
    expect(await tableNames(tdb, 'cache')).not.toContain('x_leftover');
    expect((await tdb.knex('cache.cache_config').where({ key: 'half_life' }).first())?.value).toBe('1000');
  });

  it('refuses DB_RESET in production', async () => {
    const tdb = await fresh();
    const err = await migrateFlowdb(tdb.knex, { ...options, reset: true, nodeEnv: 'production' }).catch((e: unknown) => e);
    expect((err as MigrationError).code).toBe('RESET_REFUSED');
    expect(await tableNames(tdb, 'cache')).toEqual([]);
  });

  it('refuses a superuser or reserved name as a service role', async () => {
    const tdb = await fresh();
    await expect(migrateFlowdb(tdb.knex, { ...options, roles: { ...TEST_ROLES, apiUser: 'postgres' } })).rejects.toThrow(/superuser|reserved/);
    await expect(migrateFlowdb(tdb.knex, { ...options, roles: { ...TEST_ROLES, apiUser: 'flowdeck_engine' } })).rejects.toThrow(/reserved/);
  });
});
