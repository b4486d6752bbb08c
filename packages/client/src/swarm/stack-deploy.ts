import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerOk, type DockerCli } from './docker-cli.js';

export const STACK_NAME = 'flowdeck';

/** The stack files in deployment order (spec/deployment.md §8 step 8). */
export const STACK_FILES = ['flowdb', 'etl', 'query-engine', 'api', 'auth', 'gateway'].map((c) => `stacks/${c}.yml`);

/** The one-shot migration service of stacks/flowdb.yml (exits 0 once FlowDB is migrated). */
export const MIGRATE_SERVICE = `${STACK_NAME}_flowdb_migrate`;

/** Host ports of §8 step 7. */
export const SWARM_HOST_PORTS: Readonly<Record<string, string>> = {
  FLOWDB_HOST_PORT: '9000',
  FLOWAPI_HOST_PORT: '9090',
  FLOWAUTH_HOST_PORT: '9091',
  FLOWETL_HOST_PORT: '8080',
  REDIS_HOST_PORT: '6379',
  GATEWAY_API_HOST_PORT: '443',
  GATEWAY_AUTH_HOST_PORT: '8443',
};

/** Where the quickstart keeps what it generated, inside its state directory. */
export function swarmStatePaths(stateDir: string): { certFile: string; passwordsFile: string; tokenFile: string; dataDir: string; etlDir: string; configDir: string } {
  return {
    certFile: join(stateDir, 'cert-flowkit.pem'),
    passwordsFile: join(stateDir, 'passwords.txt'),
    tokenFile: join(stateDir, 'token.jwt'),
    dataDir: join(stateDir, 'flowdb_pgdata'),
    etlDir: join(stateDir, 'etl_files'),
    configDir: join(stateDir, 'etl_config'),
  };
}

/** A `NAME=value` line of the quickstart's passwords file, or undefined when the file or the line is absent. */
export function readStatePassword(passwordsFile: string, name: string): string | undefined {
  if (!existsSync(passwordsFile)) return undefined;
  const line = readFileSync(passwordsFile, 'utf8').split('\n').find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1);
}

/** The environment `docker stack deploy` needs (§8 step 7): host ports, uid/gid, data dirs and CONTAINER_TAG. */
export function stackEnv(o: { env: NodeJS.ProcessEnv; stateDir: string; uid: number; gid: number; tag: string }): NodeJS.ProcessEnv {
  const p = swarmStatePaths(o.stateDir);
  return {
    ...o.env,
    ...SWARM_HOST_PORTS,
    CONTAINER_TAG: o.tag,
    FLOWDB_HOST_USER_ID: String(o.uid),
    FLOWDB_HOST_GROUP_ID: String(o.gid),
    FLOWETL_HOST_USER_ID: String(o.uid),
    FLOWETL_HOST_GROUP_ID: String(o.gid),
    FLOWDB_DATA_DIR: p.dataDir,
    FLOWDB_ETL_DIR: p.etlDir,
    FLOWETL_HOST_DAG_DIR: p.configDir,
  };
}

/** `docker stack deploy -c <every stack file, in order> flowdeck` with `env`. */
export async function deployStack(docker: DockerCli, repoRoot: string, env: NodeJS.ProcessEnv): Promise<void> {
  const files = STACK_FILES.flatMap((f) => ['-c', join(repoRoot, f)]);
  await dockerOk(docker, ['stack', 'deploy', ...files, STACK_NAME], { env });
}

/** This engine's swarm role: `manager`, `worker` (in a swarm but not a manager) or `none`. */
export async function swarmRole(docker: DockerCli): Promise<'manager' | 'worker' | 'none'> {
  const info = (await dockerOk(docker, ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])).trim();
  if (info === 'active true') return 'manager';
  return info.startsWith('active') ? 'worker' : 'none';
}

/** Whether the `flowdeck` stack exists (`docker stack ls`). */
export async function stackExists(docker: DockerCli): Promise<boolean> {
  return outputLines(await dockerOk(docker, ['stack', 'ls', '--format', '{{.Name}}'])).includes(STACK_NAME);
}

/** Non-empty trimmed lines of a command's output. */
export const outputLines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `check` every `pollMs` until it returns true (→ true) or `timeoutMs` has passed (→ false). */
export async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(pollMs);
  }
}

interface MigrateTask {
  id: string;
  image: string;
  state: string;
  error: string;
}

/** Tasks of the migration service, newest first (`docker service ps --no-trunc`). */
export async function migrateTasks(docker: DockerCli): Promise<MigrateTask[]> {
  const out = await dockerOk(docker, ['service', 'ps', MIGRATE_SERVICE, '--no-trunc', '--format', '{{.ID}}\t{{.Image}}\t{{.CurrentState}}\t{{.Error}}']);
  return outputLines(out).map((l) => {
    const [id = '', image = '', state = '', error = ''] = l.split('\t');
    return { id, image, state, error };
  });
}

/** The tag of an image reference such as `flowdeck/flowdb-migrate:2.0.0@sha256:...`. */
const imageTag = (image: string): string => {
  const name = image.split('@')[0]!;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : 'latest';
};

/**
 * Waits for the migration service to complete a task. Tasks in `before` (ids listed before the deploy) count only
 * when they ran image tag `tag` (a redeploy of an unchanged tag starts no new task). Throws with the last task's
 * error once `maxFailures` tasks have failed (swarm retries a failed migration up to its restart policy), or when
 * `timeoutMs` passes.
 */
export async function waitForMigration(
  docker: DockerCli,
  o: { tag: string; before?: ReadonlySet<string>; maxFailures?: number; timeoutMs?: number; pollMs: number },
): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 15 * 60_000;
  let failure: MigrateTask | undefined;
  const done = await pollUntil(
    async () => {
      const tasks = (await migrateTasks(docker)).filter((t) => !o.before?.has(t.id) || imageTag(t.image) === o.tag);
      if (tasks.some((t) => t.state.startsWith('Complete'))) return true;
      const failed = tasks.filter((t) => /^(Failed|Rejected)/.test(t.state));
      if (failed.length >= (o.maxFailures ?? Infinity)) {
        failure = failed[0];
        return true;
      }
      return false;
    },
    timeoutMs,
    o.pollMs,
  );
  if (failure) {
    throw new Error(`the FlowDB migration failed (${failure.state}): ${failure.error || 'no error reported'}; see docker service logs ${MIGRATE_SERVICE}`);
  }
  if (!done) throw new Error(`FlowDB migration did not complete in ${Math.round(timeoutMs / 60_000)} minutes; see docker service logs ${MIGRATE_SERVICE}`);
}

/**
 * Waits until every service of the stack runs all its desired replicas (`docker service ls`), except the one-shot
 * migration service. Throws naming the services still short of replicas after `timeoutMs`.
 */
export async function waitForConvergence(docker: DockerCli, o: { timeoutMs?: number; pollMs: number }): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 15 * 60_000;
  let pending: string[] = [];
  const converged = await pollUntil(
    async () => {
      const out = await dockerOk(docker, ['service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK_NAME}`, '--format', '{{.Name}} {{.Replicas}}']);
      const services = outputLines(out).filter((l) => l.split(' ')[0] !== MIGRATE_SERVICE);
      pending = services.filter((l) => {
        const m = /(\d+)\/(\d+)/.exec(l);
        return !m || Number(m[1]) !== Number(m[2]) || Number(m[2]) === 0;
      });
      return services.length > 0 && pending.length === 0;
    },
    timeoutMs,
    o.pollMs,
  );
  if (!converged) throw new Error(`services did not converge in ${Math.round(timeoutMs / 60_000)} minutes: ${pending.join(', ') || 'no services listed'}`);
}
