// `flowdeck upgrade` (docs/runbooks/upgrades.md step 3) against the stand-in `docker` that records its calls.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeDocker, type FakeDocker } from '../src/fake-docker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STACK_FILES = ['stacks/flowdb.yml', 'stacks/etl.yml', 'stacks/query-engine.yml', 'stacks/api.yml', 'stacks/auth.yml', 'stacks/gateway.yml'];

describe('flowdeck upgrade (stand-in docker)', () => {
  let dir: string;
  let docker: FakeDocker;
  let stateDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowdeck-upgrade-'));
    docker = createFakeDocker(dir);
    stateDir = join(dir, 'quickstart');
    mkdirSync(join(stateDir, 'flowdb_pgdata'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh stand-in state per test: `files` maps state file names to their content. */
  const reset = (files: Record<string, string>): void => {
    rmSync(docker.state, { recursive: true, force: true });
    mkdirSync(docker.state, { recursive: true });
    for (const [f, content] of Object.entries(files)) docker.setState(f, content);
  };

  const upgrade = (...args: string[]): { status: number | null; stdout: string; stderr: string; calls: string[] } => {
    const r = spawnSync('node', ['--conditions=source', '--import', 'tsx', 'packages/client/src/cli/main.ts', 'upgrade', ...args, '--state-dir', stateDir], {
      cwd: ROOT,
      env: { ...docker.env(process.env), CONTAINER_TAG: '1.0.0' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: docker.calls() };
  };

  it('--no-wait redeploys every stack file with CONTAINER_TAG=2.0.0 and leaves secrets alone', () => {
    const secrets = 'FLOWDB_POSTGRES_PASSWORD\nSECRET_KEY\n';
    reset({ swarm: '', stack: '', secrets });
    const r = upgrade('--tag', '2.0.0', '--no-wait');
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    const deploys = r.calls.filter((c) => c.startsWith('stack deploy '));
    expect(deploys).toHaveLength(1);
    expect(r.calls.at(-1)).toBe(deploys[0]); // --no-wait: nothing after the deploy
    const deployArgs = deploys[0]!.split('\t')[0]!.split(' ');
    expect(deployArgs.flatMap((a, i) => (deployArgs[i - 1] === '-c' ? [a.slice(ROOT.length)] : []))).toEqual(STACK_FILES);
    expect(deployArgs.at(-1)).toBe('flowdeck');
    expect(docker.deployEnv()).toEqual([`CONTAINER_TAG=2.0.0 FLOWDB_DATA_DIR=${join(stateDir, 'flowdb_pgdata')} FLOWDB_HOST_USER_ID=${process.getuid!()}`]);
    expect(r.calls.filter((c) => c.startsWith('secret ') || c.startsWith('swarm ') || c.startsWith('stack rm'))).toEqual([]);
  }, 150_000);

  it('refuses on a node that is not a swarm manager, and when there is no flowdeck stack', () => {
    reset({ swarm: '', worker: '', stack: '' });
    const worker = upgrade('--tag', '2.0.0', '--no-wait');
    expect(worker.status).not.toBe(0);
    expect(worker.stderr).toContain('this node is a swarm worker, not a manager');
    expect(worker.calls.filter((c) => !c.startsWith('info '))).toEqual([]);

    reset({});
    const inactive = upgrade('--tag', '2.0.0', '--no-wait');
    expect(inactive.status).not.toBe(0);
    expect(inactive.stderr).toContain('this node is not part of a swarm');

    reset({ swarm: '' });
    const noStack = upgrade('--tag', '2.0.0', '--no-wait');
    expect(noStack.status).not.toBe(0);
    expect(noStack.stderr).toContain('there is no flowdeck stack');
    expect(noStack.calls.filter((c) => c.startsWith('stack deploy') || c.startsWith('secret '))).toEqual([]);
  }, 150_000);

  it('waits for the migration and fails with its error when every run of the new image failed', () => {
    const failed = Array.from({ length: 11 }, (_, i) => `t${i}\tflowdeck/flowdb-migrate:2.0.0@sha256:ab\tFailed 1 minute ago\ttask: non-zero exit (1)`);
    reset({ swarm: '', stack: '', 'service-ps': `${failed.join('\n')}\nold\tflowdeck/flowdb-migrate:1.0.0\tComplete 2 days ago\t\n` });
    const r = upgrade('--tag', '2.0.0');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('the FlowDB migration failed (Failed 1 minute ago): task: non-zero exit (1)');
    expect(r.calls.filter((c) => c.startsWith('service ls'))).toEqual([]); // never got as far as convergence
  }, 150_000);

  it('after a completed migration and converged services, prints the health report and exits non-zero when a line is not ok', () => {
    reset({
      swarm: '',
      stack: '',
      'service-ps': 'new\tflowdeck/flowdb-migrate:2.0.0\tComplete 5 seconds ago\t\nold\tflowdeck/flowdb-migrate:1.0.0\tShutdown 1 minute ago\t\n',
      'service-ls': 'flowdeck_flowdb 1/1\nflowdeck_flowdb_migrate 0/1\nflowdeck_query_engine 2/2\nflowdeck_api 1/1 (max 1 per node)\n',
    });
    const r = upgrade('--tag', '2.0.0');
    expect(r.stdout).toContain('Flowdeck upgraded to 2.0.0. Health:');
    expect(r.stdout).toMatch(/query_engine\s+ok/);
    // Nothing listens on the swarm's published ports here, so some health line is not ok.
    expect(r.status).toBe(1);
    expect(r.calls.filter((c) => c.startsWith('secret '))).toEqual([]);
  }, 150_000);
});
