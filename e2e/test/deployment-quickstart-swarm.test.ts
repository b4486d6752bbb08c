// quickstart.sh --swarm --no-wait against a stand-in `docker` that records its calls (spec/deployment.md §8).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SWARM_SECRET_NAMES } from '@flowdeck/client';
import { createFakeDocker, type FakeDocker } from '../src/fake-docker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('quickstart.sh --swarm --no-wait (stand-in docker)', () => {
  let dir: string;
  let docker: FakeDocker;
  let stateDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowdeck-swarm-'));
    docker = createFakeDocker(dir);
    stateDir = join(dir, 'quickstart');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (): { status: number | null; stderr: string; calls: string[] } => {
    const before = docker.calls().length;
    const r = spawnSync('bash', [join(ROOT, 'secrets_quickstart/quickstart.sh'), '--swarm', '--no-wait', '--state-dir', stateDir], {
      env: { ...docker.env(process.env), CONTAINER_TAG: '9.9.9' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const calls = docker.calls().slice(before);
    return { status: r.status, stderr: r.stderr, calls };
  };

  const indexOf = (calls: string[], prefix: string): number => calls.findIndex((c) => c.startsWith(prefix));

  it('initialises the swarm, creates every secret from standard input, deploys every stack file; a second run succeeds too', () => {
    const first = run();
    expect({ status: first.status, stderr: first.status === 0 ? '' : first.stderr }).toEqual({ status: 0, stderr: '' });
    const { calls } = first;
    const init = indexOf(calls, 'swarm init');
    expect(init).toBeGreaterThanOrEqual(0);
    const creates = calls.filter((c) => c.startsWith('secret create '));
    expect(creates.map((c) => c.split('\t')[0]!.split(' ')[2]).sort()).toEqual([...SWARM_SECRET_NAMES].sort());
    for (const c of creates) {
      expect(c).toMatch(/^secret create \S+ -\tstdin=yes$/); // the value travels on stdin, the last argument is "-"
    }
    const deploy = indexOf(calls, 'stack deploy');
    expect(deploy).toBe(calls.length - 1); // --no-wait: nothing after the deploy
    expect(init).toBeLessThan(indexOf(calls, 'secret create'));
    for (const c of creates) expect(calls.indexOf(c)).toBeLessThan(deploy);
    const deployArgs = calls[deploy]!.split('\t')[0]!.split(' ');
    const files = deployArgs.flatMap((a, i) => (deployArgs[i - 1] === '-c' ? [a.slice(ROOT.length)] : []));
    expect(files).toEqual(['stacks/flowdb.yml', 'stacks/etl.yml', 'stacks/query-engine.yml', 'stacks/api.yml', 'stacks/auth.yml', 'stacks/gateway.yml']);
    expect(deployArgs.at(-1)).toBe('flowdeck');
    for (const n of ['flowdb', 'engine', 'etl', 'auth', 'edge']) expect(calls).toContain(`network create --driver overlay --attachable ${n}\tstdin=no`);
    expect(docker.deployEnv()).toContain(`CONTAINER_TAG=9.9.9 FLOWDB_DATA_DIR=${join(stateDir, 'flowdb_pgdata')} FLOWDB_HOST_USER_ID=${process.getuid!()}`);

    // Never a secret value on the command line: no generated password appears in any recorded argv.
    const passwords = readFileSync(join(stateDir, 'passwords.txt'), 'utf8').split('\n').filter(Boolean).map((l) => l.slice(l.indexOf('=') + 1));
    expect(passwords.length).toBeGreaterThanOrEqual(9);
    for (const p of passwords.filter((v) => v.length >= 16)) expect(calls.join('\n')).not.toContain(p);
    expect(statSync(join(stateDir, 'passwords.txt')).mode & 0o777).toBe(0o600);

    const second = run();
    expect({ status: second.status, stderr: second.status === 0 ? '' : second.stderr }).toEqual({ status: 0, stderr: '' });
    expect(indexOf(second.calls, 'swarm init')).toBe(-1); // already a manager
    const rm = indexOf(second.calls, 'stack rm flowdeck');
    expect(rm).toBeGreaterThanOrEqual(0);
    expect(rm).toBeLessThan(indexOf(second.calls, 'secret create'));
    expect(second.calls.filter((c) => c.startsWith('secret rm ')).length).toBe(SWARM_SECRET_NAMES.length);
    expect(second.calls.filter((c) => c.startsWith('network create'))).toEqual([]);
    expect(second.calls.at(-1)).toMatch(/^stack deploy /);
  }, 300_000);
});
