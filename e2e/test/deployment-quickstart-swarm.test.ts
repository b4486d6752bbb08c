// quickstart.sh --swarm --no-wait against a stand-in `docker` that records its calls (spec/deployment.md §8).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SWARM_SECRET_NAMES } from '@flowdeck/client';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Appends "argv<TAB>stdin=yes|no" per call (never the data) and answers like a single-node engine would. */
const FAKE_DOCKER = `#!/usr/bin/env bash
set -u
S="$FAKE_DOCKER_STATE"
stdin=no
if [ "\${1:-} \${2:-}" = "secret create" ]; then data=$(cat); [ -n "$data" ] && stdin=yes; fi
printf '%s\\tstdin=%s\\n' "$*" "$stdin" >> "$S/calls.log"
case "\${1:-} \${2:-}" in
  "info "*) if [ -f "$S/swarm" ]; then echo "active true"; else echo "inactive false"; fi ;;
  "swarm init") touch "$S/swarm"; echo "Swarm initialized" ;;
  "node ls") [ -f "$S/swarm" ] && echo "abc123 * node1 Ready Active Leader" ;;
  "stack ls") [ -f "$S/stack" ] && echo "flowdeck" ;;
  "stack rm") rm -f "$S/stack"; echo "Removing service flowdeck_api" ;;
  "stack deploy") touch "$S/stack"; printf 'CONTAINER_TAG=%s FLOWDB_DATA_DIR=%s FLOWDB_HOST_USER_ID=%s\\n' "\${CONTAINER_TAG:-}" "\${FLOWDB_DATA_DIR:-}" "\${FLOWDB_HOST_USER_ID:-}" >> "$S/deploy-env.log" ;;
  "service ls") ;;
  "network ls") case "$*" in
                  *label=com.docker.stack.namespace=*) [ -f "$S/stack" ] && echo flowdeck_gateway_internal ;;
                  *) cat "$S/networks" 2>/dev/null; echo ingress; echo bridge ;;
                esac ;;
  "network create") echo "\${!#}" >> "$S/networks" ;;
  "secret ls") cat "$S/secrets" 2>/dev/null ;;
  "secret rm") grep -qx "\${3:-}" "$S/secrets" 2>/dev/null || { echo "Error: no such secret: \${3:-}" >&2; exit 1; }
               grep -vx "\${3:-}" "$S/secrets" > "$S/secrets.tmp"; mv "$S/secrets.tmp" "$S/secrets" ;;
  "secret create") [ "$stdin" = yes ] || { echo "empty secret" >&2; exit 1; }; echo "\${3:-}" >> "$S/secrets"; echo "id-\${3:-}" ;;
  *) echo "fake docker: unexpected: $*" >&2; exit 1 ;;
esac
exit 0
`;

describe('quickstart.sh --swarm --no-wait (stand-in docker)', () => {
  let dir: string;
  let bin: string;
  let state: string;
  let stateDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowdeck-swarm-'));
    bin = join(dir, 'bin');
    state = join(dir, 'docker-state');
    stateDir = join(dir, 'quickstart');
    for (const d of [bin, state]) spawnSync('mkdir', ['-p', d]);
    writeFileSync(join(bin, 'docker'), FAKE_DOCKER);
    chmodSync(join(bin, 'docker'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (): { status: number | null; stderr: string; calls: string[] } => {
    const before = (() => {
      try {
        return readFileSync(join(state, 'calls.log'), 'utf8').split('\n').filter(Boolean).length;
      } catch {
        return 0;
      }
    })();
    const r = spawnSync('bash', [join(ROOT, 'secrets_quickstart/quickstart.sh'), '--swarm', '--no-wait', '--state-dir', stateDir], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_STATE: state, CONTAINER_TAG: '9.9.9' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const calls = readFileSync(join(state, 'calls.log'), 'utf8').split('\n').filter(Boolean).slice(before);
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
    expect(readFileSync(join(state, 'deploy-env.log'), 'utf8')).toContain(`CONTAINER_TAG=9.9.9 FLOWDB_DATA_DIR=${join(stateDir, 'flowdb_pgdata')} FLOWDB_HOST_USER_ID=${process.getuid!()}`);

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
