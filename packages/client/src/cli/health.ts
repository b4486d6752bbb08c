import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { serviceDefinitions } from '../local/local-platform.js';
import { localPlatformOptions } from '../local/quickstart-local.js';
import { createDockerCli } from '../swarm/docker-cli.js';
import { allHealthy, formatHealthLines, platformHealth, type HealthTargets } from '../swarm/platform-health.js';
import { swarmHealthTargets } from '../swarm/swarm-health-targets.js';
import { readStatePassword } from '../swarm/stack-deploy.js';
import { DEFAULT_SWARM_STATE_DIR, REPO_ROOT } from './quickstart.js';

interface HealthFlags {
  json?: boolean;
  swarm?: boolean;
  ca?: string;
  flowdbUrl?: string;
  apiUrl?: string;
  authUrl?: string;
  engineUrl?: string;
  etlUrl?: string;
  gatewayUrl?: string;
}

const readIf = (file: string): string | undefined => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/**
 * Targets of `flowdeck health`: the local-mode platform of the quickstart by default, the quickstart's swarm
 * deployment with --swarm; each URL can be overridden by an option or its FLOWDECK_*_URL variable.
 */
export function healthTargets(flags: HealthFlags, env: NodeJS.ProcessEnv): HealthTargets {
  let targets: HealthTargets;
  if (flags.swarm) {
    targets = swarmHealthTargets({
      ca: readIf(join(DEFAULT_SWARM_STATE_DIR, 'cert-flowkit.pem')),
      docker: createDockerCli(env),
      flowdbPassword: readStatePassword(join(DEFAULT_SWARM_STATE_DIR, 'passwords.txt'), 'FLOWDB_POSTGRES_PASSWORD'),
    });
  } else {
    const p = localPlatformOptions(REPO_ROOT);
    const pw = readIf(join(p.layout.secretsDir, 'FLOWDB_POSTGRES_PASSWORD'))?.replace(/[\r\n]+$/, '');
    targets = {
      ca: readIf(join(p.layout.secretsDir, 'cert-flowkit.pem')),
      flowdbUrl: pw !== undefined ? `postgres://flowdb:${encodeURIComponent(pw)}@127.0.0.1:5432/${p.flowdbDatabase}` : undefined,
      services: serviceDefinitions(p).map((d) => ({ name: d.name === 'query-engine' ? 'query_engine' : d.name, url: d.healthUrl })),
    };
  }
  const override: Record<string, string | undefined> = {
    api: flags.apiUrl ?? env.FLOWDECK_API_HEALTH_URL,
    auth: flags.authUrl ?? env.FLOWDECK_AUTH_HEALTH_URL,
    query_engine: flags.engineUrl ?? env.FLOWDECK_ENGINE_HEALTH_URL,
    etl: flags.etlUrl ?? env.FLOWDECK_ETL_HEALTH_URL,
    gateway: flags.gatewayUrl ?? env.FLOWDECK_GATEWAY_HEALTH_URL,
  };
  const ca = flags.ca ?? env.FLOWDECK_CA_FILE;
  return {
    ...targets,
    ca: ca !== undefined ? readFileSync(ca, 'utf8') : targets.ca,
    flowdbUrl: flags.flowdbUrl ?? env.FLOWDECK_FLOWDB_URL ?? targets.flowdbUrl,
    services: targets.services.map((s) => (override[s.name] !== undefined ? { name: s.name, url: override[s.name] } : s)),
  };
}

export function registerHealthCommand(program: Command): void {
  program
    .command('health')
    .description('query every service\'s /health plus FlowDB (connection, migration version); exit 0 only when all are ok')
    .option('--json', 'print the report as JSON')
    .option('--swarm', 'check the quickstart\'s swarm deployment (published ports) instead of local mode')
    .option('--ca <file>', 'CA certificate to trust for https URLs (env FLOWDECK_CA_FILE)')
    .option('--flowdb-url <url>', 'FlowDB connection string (env FLOWDECK_FLOWDB_URL)')
    .option('--api-url <url>', 'api /health URL (env FLOWDECK_API_HEALTH_URL)')
    .option('--auth-url <url>', 'auth /health URL (env FLOWDECK_AUTH_HEALTH_URL)')
    .option('--engine-url <url>', 'query engine /health URL (env FLOWDECK_ENGINE_HEALTH_URL)')
    .option('--etl-url <url>', 'ETL /health URL (env FLOWDECK_ETL_HEALTH_URL)')
    .option('--gateway-url <url>', 'gateway /health URL (env FLOWDECK_GATEWAY_HEALTH_URL)')
    .action(async (flags: HealthFlags) => {
      const report = await platformHealth(healthTargets(flags, process.env));
      if (flags.json) process.stdout.write(`${JSON.stringify({ ok: allHealthy(report), services: report }, null, 2)}\n`);
      else for (const line of formatHealthLines(report)) process.stdout.write(`${line}\n`);
      if (!allHealthy(report)) process.exitCode = 1;
    });
}
