import { applyTuning, computeTuning } from '../src/tuning.js';
import { createEmptyDatabase, type TestDatabase } from '../../../test-support/flowdb.js';

// applyTuning is only exercised as a dry run: ALTER SYSTEM would change the shared local cluster.
describe('applyTuning (dry run)', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createEmptyDatabase();
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('reports which parameters differ and which need a restart, without writing', async () => {
    const params = computeTuning(
      { MAX_CPUS: 3, SHARED_BUFFERS_SIZE: '777MB', MAX_LOCKS_PER_TRANSACTION: 36500, JIT: false, STATS_TARGET: 10000 },
      { totalMemoryBytes: 1024 ** 3 },
    );
    const before = await tdb.knex.raw(`SELECT count(*)::int AS n FROM pg_catalog.pg_file_settings WHERE sourcefile LIKE '%auto.conf'`);
    const result = await applyTuning(tdb.knex, params, { dryRun: true });
    expect(result.changed).toEqual(expect.arrayContaining(['shared_buffers', 'max_locks_per_transaction']));
    expect(result.restartRequired).toEqual(expect.arrayContaining(['shared_buffers', 'max_locks_per_transaction', 'max_worker_processes']));
    expect(result.restartRequired).not.toContain('work_mem');
    const after = await tdb.knex.raw(`SELECT count(*)::int AS n FROM pg_catalog.pg_file_settings WHERE sourcefile LIKE '%auto.conf'`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses values that could not be written safely', async () => {
    await expect(applyTuning(tdb.knex, { work_mem: "64MB'; SELECT 1; --" }, { dryRun: true })).rejects.toThrow(TypeError);
  });
});
