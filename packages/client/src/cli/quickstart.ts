import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { quickstartDown, quickstartLocal } from '../local/quickstart-local.js';
import { createDockerCli } from '../swarm/docker-cli.js';
import { quickstartSwarm } from '../swarm/quickstart-swarm.js';

/** The repository root, found from this file's location (packages/client/src/cli). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Default directory of what swarm mode generates (git-ignored with the rest of secrets_quickstart/local). */
export const DEFAULT_SWARM_STATE_DIR = join(REPO_ROOT, 'secrets_quickstart', 'local', 'swarm');

/** Whether a Docker engine answers (swarm mode is then the default). */
function dockerEngineAvailable(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() !== '';
}

interface QuickstartFlags {
  local?: boolean;
  swarm?: boolean;
  wait: boolean;
  down?: boolean;
  synthetic?: boolean;
  stateDir?: string;
}

export function registerQuickstartCommand(program: Command): void {
  program
    .command('quickstart')
    .description('bring the whole platform up on this machine (swarm when a Docker engine is available, else local processes)')
    .option('--local', 'force local mode: services as Node processes against the local PostgreSQL and Redis')
    .option('--swarm', 'force swarm mode (single-node docker swarm, stacks/*.yml)')
    .option('--no-wait', 'swarm mode: return right after docker stack deploy')
    .option('--synthetic', 'swarm mode: generate synthetic data and wait until ETL has ingested it')
    .option('--state-dir <dir>', 'swarm mode: where data directories, the certificate and the passwords file go')
    .option('--down', 'stop everything this command started')
    .action(async (opts: QuickstartFlags) => {
      const io = { repoRoot: REPO_ROOT, say: (l: string) => process.stderr.write(`==> ${l}\n`), print: (l: string) => process.stdout.write(`${l}\n`) };
      const swarm = opts.swarm === true || (opts.local !== true && dockerEngineAvailable());
      if (opts.down) {
        if (swarm) {
          const r = spawnSync('docker', ['stack', 'rm', 'flowdeck'], { stdio: 'inherit' });
          if (r.status !== 0) process.exitCode = 1;
          return;
        }
        await quickstartDown(io);
        return;
      }
      if (swarm) {
        const healthy = await quickstartSwarm({
          ...io,
          stateDir: opts.stateDir !== undefined ? resolve(opts.stateDir) : DEFAULT_SWARM_STATE_DIR,
          docker: createDockerCli(process.env),
          env: process.env,
          wait: opts.wait,
          synthetic: opts.synthetic === true,
          uid: process.getuid?.() ?? 1000,
          gid: process.getgid?.() ?? 1000,
        });
        if (!healthy) process.exitCode = 1;
        return;
      }
      const healthy = await quickstartLocal(io);
      if (!healthy) process.exitCode = 1;
    });
}
