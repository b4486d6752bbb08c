import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createDockerCli } from '../swarm/docker-cli.js';
import { upgradeSwarm } from '../swarm/upgrade.js';
import { DEFAULT_SWARM_STATE_DIR, REPO_ROOT } from './quickstart.js';

interface UpgradeFlags {
  tag: string;
  wait: boolean;
  stateDir?: string;
}

export function registerUpgradeCommand(program: Command): void {
  program
    .command('upgrade')
    .description('redeploy the flowdeck swarm stack with new images: migrate, wait for every service, report health')
    .requiredOption('--tag <tag>', 'the new image tag (CONTAINER_TAG)')
    .option('--no-wait', 'return right after docker stack deploy')
    .option('--state-dir <dir>', 'the state directory the quickstart used (data directories, certificate, passwords file)')
    .action(async (opts: UpgradeFlags) => {
      const healthy = await upgradeSwarm({
        repoRoot: REPO_ROOT,
        stateDir: opts.stateDir !== undefined ? resolve(opts.stateDir) : DEFAULT_SWARM_STATE_DIR,
        tag: opts.tag,
        docker: createDockerCli(process.env),
        env: process.env,
        wait: opts.wait,
        uid: process.getuid?.() ?? 1000,
        gid: process.getgid?.() ?? 1000,
        say: (l: string) => process.stderr.write(`==> ${l}\n`),
        print: (l: string) => process.stdout.write(`${l}\n`),
      });
      if (!healthy) process.exitCode = 1;
    });
}
