import { existsSync, readFileSync } from 'node:fs';
import type { DockerCli } from './docker-cli.js';
import { allHealthy, formatHealthLines, platformHealth } from './platform-health.js';
import { swarmHealthTargets } from './swarm-health-targets.js';
import {
  deployStack,
  migrateTasks,
  readStatePassword,
  stackEnv,
  stackExists,
  STACK_NAME,
  swarmRole,
  swarmStatePaths,
  waitForConvergence,
  waitForMigration,
} from './stack-deploy.js';

/** stacks/flowdb.yml: restart_policy max_attempts 10 of flowdb_migrate, so at most 11 runs before swarm gives up. */
const MIGRATE_MAX_RUNS = 11;

export interface UpgradeSwarmOptions {
  repoRoot: string;
  /** The quickstart's state directory (data dirs, certificate, passwords file); never rewritten here. */
  stateDir: string;
  /** The new image tag (CONTAINER_TAG). */
  tag: string;
  docker: DockerCli;
  /** Environment of the calling shell; the stack's variables are added to it. */
  env: NodeJS.ProcessEnv;
  /** false = return right after `docker stack deploy` (--no-wait). */
  wait: boolean;
  uid: number;
  gid: number;
  say: (line: string) => void;
  print: (line: string) => void;
  /** Poll interval; tests shorten it. */
  pollMs?: number;
  /** Limit of each wait (migration, convergence); 15 minutes by default. */
  timeoutMs?: number;
}

/**
 * `flowdeck upgrade` (docs/runbooks/upgrades.md step 3): redeploys the existing `flowdeck` stack with the same stack
 * files and environment as the quickstart but CONTAINER_TAG = `tag`; secrets are left as they are. Unless
 * `wait` is false, waits for the migration task to complete and every service to converge, then prints the health
 * report. Returns whether every health line is ok (true with `wait: false`).
 */
export async function upgradeSwarm(o: UpgradeSwarmOptions): Promise<boolean> {
  const { docker, say } = o;
  const pollMs = o.pollMs ?? 2_000;

  const role = await swarmRole(docker);
  if (role !== 'manager') {
    throw new Error(
      role === 'worker'
        ? 'this node is a swarm worker, not a manager; run flowdeck upgrade on a manager node'
        : 'this node is not part of a swarm (docker swarm is inactive); deploy first with flowdeck quickstart',
    );
  }
  if (!(await stackExists(docker))) throw new Error(`there is no ${STACK_NAME} stack on this swarm to upgrade; deploy it first with flowdeck quickstart`);
  const paths = swarmStatePaths(o.stateDir);
  if (!existsSync(paths.dataDir)) throw new Error(`no quickstart state in ${o.stateDir} (${paths.dataDir} is missing); pass the directory the quickstart used with --state-dir`);

  const before = new Set((await migrateTasks(docker).catch(() => [])).map((t) => t.id));
  say(`redeploying stack ${STACK_NAME} with images tagged ${o.tag} (secrets unchanged)`);
  await deployStack(docker, o.repoRoot, stackEnv({ env: o.env, stateDir: o.stateDir, uid: o.uid, gid: o.gid, tag: o.tag }));
  if (!o.wait) {
    say('deployed; not waiting (--no-wait). Check progress with: docker stack services flowdeck; flowdeck health --swarm');
    return true;
  }

  say('waiting for the FlowDB migration to finish');
  await waitForMigration(docker, { tag: o.tag, before, maxFailures: MIGRATE_MAX_RUNS, timeoutMs: o.timeoutMs, pollMs });
  say('waiting for every service to converge');
  await waitForConvergence(docker, { timeoutMs: o.timeoutMs, pollMs });

  const report = await platformHealth(
    swarmHealthTargets({
      ca: existsSync(paths.certFile) ? readFileSync(paths.certFile, 'utf8') : undefined,
      docker,
      flowdbPassword: readStatePassword(paths.passwordsFile, 'FLOWDB_POSTGRES_PASSWORD'),
    }),
  );
  o.print(`Flowdeck upgraded to ${o.tag}. Health:`);
  for (const l of formatHealthLines(report)) o.print(`  ${l}`);
  return allHealthy(report);
}
