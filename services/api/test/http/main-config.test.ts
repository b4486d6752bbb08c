import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

describe('services/api/src/main.ts start-up', () => {
  test('an empty environment prints one error listing every missing setting and exits 78', () => {
    const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/api/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(78);
    const missing = ['PUBLIC_JWT_SIGNING_KEY', 'FLOWAPI_IDENTIFIER', 'FLOWAPI_FLOWDB_PASSWORD', 'REDIS_PASSWORD'];
    expect(result.stderr.match(/Configuration error:/g)).toHaveLength(1);
    for (const name of missing) {
      expect(result.stderr).toContain(`Undefined configuration option: '${name}'. Please set docker secret or environment variable.`);
    }
    expect(result.stdout).toBe('');
  }, 70_000);
});

function get(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

test('starts plain HTTP with a NOT SECURE warning, accepts 40 KiB headers, stops on SIGTERM', async () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/api/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PUBLIC_JWT_SIGNING_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      FLOWAPI_IDENTIFIER: 'SMOKE',
      FLOWAPI_FLOWDB_PASSWORD: 'unused',
      FLOWDB_HOST: '127.0.0.1',
      FLOWDB_PORT: '1',
      REDIS_HOST: '127.0.0.1',
      REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: `test:smoke${port}`,
      FLOWAPI_PORT: String(port),
    },
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('api.listening')) {
      if (Date.now() > deadline) throw new Error(`api did not start: ${stdout}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stdout).toContain('communications are NOT SECURE');
    expect(await get(port, { 'X-Big': 'a'.repeat(40 * 1024) })).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(stdout).toContain('api.stopped');
}, 60_000);
