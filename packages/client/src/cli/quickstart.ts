import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { quickstartDown, quickstartLocal } from '../local/quickstart-local.js';

/** The repository root, found from this file's location (packages/client/src/cli). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Whether a Docker engine that is a swarm manager (or can become one) answers. */
function dockerEngineAvailable(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() !== '';
}

export function registerQuickstartCommand(program: Command): void {
  program
    .command('quickstart')
    .description('bring the whole platform up on this machine (swarm when a Docker engine is available, else local processes)')
    .option('--local', 'force local mode: services as Node processes against the local PostgreSQL and Redis')
    .option('--swarm', 'force swarm mode')
    .option('--no-wait', 'swarm mode: return right after docker stack deploy')
    .option('--down', 'stop everything this command started')
    .action(async (opts: { local?: boolean; swarm?: boolean; wait: boolean; down?: boolean }) => {
      const io = { repoRoot: REPO_ROOT, say: (l: string) => process.stderr.write(`==> ${l}\n`), print: (l: string) => process.stdout.write(`${l}\n`) };
      if (opts.down) {
        await quickstartDown(io);
        return;
      }
      const swarm = opts.swarm === true || (opts.local !== true && dockerEngineAvailable());
      if (swarm) {
        throw new Error('swarm mode is not available in this version yet; run with --local (no Docker engine needed)');
      }
      const healthy = await quickstartLocal(io);
      if (!healthy) process.exitCode = 1;
    });
}
