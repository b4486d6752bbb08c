import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dailyLocationSpec, spatialAggregateSpec } from '../src/index.js';
import { GOOD_TOKEN, startStandIn, type StandIn } from './api-stand-in-server.js';

/** Each test spawns the CLI a few times (~1 s each for tsx start-up). */
const CLI_TEST_MS = 60_000;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const spec = spatialAggregateSpec({
  locations: dailyLocationSpec({ date: '2016-01-01', aggregationUnit: 'admin3', method: 'last' }),
});

let api: StandIn;
let dir: string;
let specFile: string;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (asynchronously, so the in-process stand-in keeps answering). */
function cli(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'packages/client/src/cli/main.ts', 'query', ...args],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

const conn = () => ['--url', api.url, '--token', GOOD_TOKEN];
const fast = ['--poll-interval', '0.01'];

beforeAll(async () => {
  api = await startStandIn();
  dir = mkdtempSync(join(tmpdir(), 'flowdeck-query-cli-'));
  specFile = join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
});

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  api.queries.clear();
  api.requests.length = 0;
  api.nextPlan = { polls: 2, outcome: 'completed' };
});

describe('flowdeck query run', () => {
  test('prints the query id; status then reports it', async () => {
    const run = await cli(['run', specFile, ...conn()]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(api.queries.has(id)).toBe(true);
    expect(run.stderr).toContain('NOT SECURE');

    const status = await cli(['status', id, ...conn()]);
    expect(status.stdout).toBe('executing\n');
    expect(status.stderr).toContain('3 parts to run, 2 in queue and 1 running.');
    await cli(['status', id, ...conn()]);
    expect((await cli(['status', id, ...conn()])).stdout).toBe('completed\n');
    expect((await cli(['status', 'ffffffffffffffffffffffffffffffff', ...conn()])).stdout).toBe('not_running\n');
  }, CLI_TEST_MS);

  test('reads the spec from stdin, waits with progress on stderr, writes CSV to stdout', async () => {
    api.nextPlan = { polls: 3, outcome: 'completed' };
    const run = await cli(['run', '-', '--wait', '--format', 'csv', ...fast, ...conn()], { stdin: JSON.stringify(spec) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('pcod,value\r\nSYN010101,26\r\n"SYN01,0102",20\r\n');
    expect(run.stderr).toMatch(/query id: [0-9a-f]{32}/);
    expect(run.stderr).toContain('4 parts to run, 3 in queue and 1 running.');
    expect(run.stderr).toContain('2 parts to run, 1 in queue and 1 running.');
  }, CLI_TEST_MS);

  test('--out writes the GeoJSON file; url and token come from FLOWAPI_URL / FLOWAPI_TOKEN', async () => {
    const out = join(dir, 'result.geojson');
    const run = await cli(['run', specFile, '--wait', '--format', 'geojson', '--out', out, ...fast], {
      env: { FLOWAPI_URL: api.url, FLOWAPI_TOKEN: GOOD_TOKEN },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const geo = JSON.parse(readFileSync(out, 'utf8')) as { type: string; features: unknown[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(2);
    expect(existsSync(`${out}.part`)).toBe(false);
    expect(api.requests.every((r) => r.authorization === `Bearer ${GOOD_TOKEN}`)).toBe(true);
  }, CLI_TEST_MS);

  test('a validation error exits 1 with the server message', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ query_kind: 'daily_location', date: '2016-01-01' }));
    const run = await cli(['run', bad, ...conn()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error running the query: Parameter validation failed.');
    expect(run.stderr).toContain('"query_kind": [');
    expect(run.stdout).toBe('');
  }, CLI_TEST_MS);

  test('a query that errors while waited for exits 1 with its message', async () => {
    api.nextPlan = { polls: 1, outcome: 'errored', msg: 'Query failed.' };
    const run = await cli(['run', specFile, '--wait', ...fast, ...conn()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Query [0-9a-f]{32} errored: Query failed\./);
  }, CLI_TEST_MS);

  test('no token anywhere is refused before any request', async () => {
    const run = await cli(['run', specFile, '--url', api.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no API token');
    expect(api.requests).toHaveLength(0);
  }, CLI_TEST_MS);
});

describe('flowdeck query get', () => {
  test('writes the JSON result with --token-file; --wait first waits', async () => {
    const tokenFile = join(dir, 'token.jwt');
    writeFileSync(tokenFile, `${GOOD_TOKEN}\n`);
    const run = await cli(['run', specFile, '--url', api.url, '--token-file', tokenFile]);
    const id = run.stdout.trim();
    const early = await cli(['get', id, '--url', api.url, '--token-file', tokenFile]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('is not ready yet');
    const got = await cli(['get', id, '--wait', ...fast, '--url', api.url, '--token-file', tokenFile]);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(
      `{"query_id":"${id}", "query_result":[{"pcod":"SYN010101","value":26}, {"pcod":"SYN01,0102","value":20}]}`,
    );
  }, CLI_TEST_MS);

  test('a result cut off mid-stream exits 1 and leaves no output file', async () => {
    api.nextPlan = { polls: 0, outcome: 'completed', truncate: true };
    const id = (await cli(['run', specFile, ...conn()])).stdout.trim();
    const out = join(dir, 'cut.csv');
    const got = await cli(['get', id, '--wait', ...fast, '--format', 'csv', '--out', out, ...conn()]);
    expect(got.code).toBe(1);
    expect(got.stderr).toContain('cut off');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  }, CLI_TEST_MS);

  test('an unknown id exits 1 with the 404 message; cancel reports cancelled', async () => {
    const got = await cli(['get', '0123456789abcdef0123456789abcdef', ...conn()]);
    expect(got.code).toBe(1);
    expect(got.stderr).toContain("Unknown query id: '0123456789abcdef0123456789abcdef'");
    const id = (await cli(['run', specFile, ...conn()])).stdout.trim();
    const cancelled = await cli(['cancel', id, ...conn()]);
    expect(cancelled.stdout).toBe('cancelled\n');
    expect(api.queries.get(id)!.state).toBe('cancelled');
  }, CLI_TEST_MS);
});
