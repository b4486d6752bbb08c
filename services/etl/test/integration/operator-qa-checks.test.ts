import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '@flowdeck/log';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/flowdb.js';
import { generateSynthetic } from '../../../../packages/client/src/synth/generate.js';
import { loadOperatorQaChecks, OperatorQaCheckError } from '../../src/adapters/fs/load-operator-qa-checks.js';
import { ingestDay } from '../../src/adapters/postgres/ingest-day.js';
import { loadInfrastructure } from '../../src/adapters/postgres/load-infrastructure.js';

// Issue 6: "operators can add their own check as a SQL file" — <FLOWETL_CONFIG_DIR>/qa/<name>.sql.

const log = createLogger({ service: 'etl-test', level: 'silent' });
let db: TestDatabase;
let dir: string;

function configDir(files: Record<string, string>): string {
  const config = mkdtempSync(join(tmpdir(), 'flowdeck-etl-config-'));
  mkdirSync(join(config, 'qa'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(config, 'qa', name), sql);
  return config;
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'flowdeck-etl-qa-'));
  await generateSynthetic({ nSubscribers: 200, nSites: 20, nCells: 40, nDays: 1, nCalls: 300, nSms: 200, nMds: 100, nTopups: 50, nTacs: 20 }, dir);
  await loadInfrastructure(db.knex, dir, { log });
}, 120_000);

afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('operator QA checks', () => {
  it('runs an operator check on its types only and records its outcome next to the built-in ones', async () => {
    const checks = loadOperatorQaChecks(
      configDir({
        'count_long_calls.sql': '-- Calls longer than 10 minutes.\n-- types: calls\nSELECT count(*) AS outcome FROM :partition: WHERE duration > 600;\n',
        'count_rows_everywhere.sql': 'SELECT count(*)::text AS outcome FROM :partition:;\n',
      }),
    );
    expect(checks.map((c) => [c.name, c.types])).toEqual([
      ['count_long_calls', ['calls']],
      ['count_rows_everywhere', 'all'],
    ]);
    for (const type of ['calls', 'sms'] as const) {
      const result = await ingestDay(db.knex, { cdrType: type, date: '2016-01-01', filePath: join(dir, `${type}_20160101.csv.gz`), log, operatorQaChecks: checks });
      expect(result.state).toBe('ingested');
    }
    const rows = (await db.knex('etl.post_etl_queries')
      .select('cdr_type', 'type_of_query_or_check', 'outcome')
      .whereIn('type_of_query_or_check', ['count_long_calls', 'count_rows_everywhere', 'count_added_rows'])
      .orderBy(['cdr_type', 'type_of_query_or_check'])) as { cdr_type: string; type_of_query_or_check: string; outcome: string }[];

    // Expected values computed from the file itself, not by SQL.
    const lines = gunzipSync(readFileSync(join(dir, 'calls_20160101.csv.gz'))).toString('utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const durationAt = header.indexOf('duration');
    const longCalls = lines.slice(1).filter((l) => Number(l.split(',')[durationAt]) > 600).length;
    const smsRows = gunzipSync(readFileSync(join(dir, 'sms_20160101.csv.gz'))).toString('utf8').trimEnd().split('\n').length - 1;
    expect(rows).toEqual([
      { cdr_type: 'calls', type_of_query_or_check: 'count_added_rows', outcome: String(lines.length - 1) },
      { cdr_type: 'calls', type_of_query_or_check: 'count_long_calls', outcome: String(longCalls) },
      { cdr_type: 'calls', type_of_query_or_check: 'count_rows_everywhere', outcome: String(lines.length - 1) },
      { cdr_type: 'sms', type_of_query_or_check: 'count_added_rows', outcome: String(smsRows) },
      { cdr_type: 'sms', type_of_query_or_check: 'count_rows_everywhere', outcome: String(smsRows) },
    ]);
  }, 120_000);

  it('refuses a check that shadows a built-in one, reads no partition, has a bad name or an unknown type', () => {
    const bad = (files: Record<string, string>): (() => unknown) => () => loadOperatorQaChecks(configDir(files));
    expect(bad({ 'count_msisdns.sql': 'SELECT 1 AS outcome FROM :partition:' })).toThrow(/is a built-in check/);
    expect(bad({ 'my_check.sql': 'SELECT 1 AS outcome' })).toThrow(/:partition:/);
    expect(bad({ 'My-Check.sql': 'SELECT 1 AS outcome FROM :partition:' })).toThrow(OperatorQaCheckError);
    expect(bad({ 'x_check.sql': '-- types: calls, letters\nSELECT 1 AS outcome FROM :partition:' })).toThrow(/unknown CDR type\(s\) letters/);
    expect(loadOperatorQaChecks(mkdtempSync(join(tmpdir(), 'empty-config-')))).toEqual([]);
  });
});
