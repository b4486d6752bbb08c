import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateSynthetic } from '../synth/generate.js';
import { provisionAccess } from '../local/provision-access.js';
import { waitForIngest } from '../local/wait-for-ingest.js';
import { dockerOk, type DockerCli } from './docker-cli.js';
import { deployStack, outputLines as lines, pollUntil, stackEnv, stackExists, STACK_NAME, swarmRole, swarmStatePaths, SWARM_HOST_PORTS, waitForMigration } from './stack-deploy.js';
import { allHealthy, formatHealthLines, platformHealth } from './platform-health.js';
import { SWARM_SECRET_NAMES, generateSwarmSecrets } from './swarm-secrets.js';
import { swarmHealthTargets, SWARM_URLS } from './swarm-health-targets.js';

/** External overlay networks the stack files join (§6). */
export const STACK_NETWORKS = ['flowdb', 'engine', 'etl', 'auth', 'edge'] as const;

export interface QuickstartSwarmOptions {
  repoRoot: string;
  /** Where generated files live: data dirs, the certificate, the 0600 passwords file, the ready token. */
  stateDir: string;
  docker: DockerCli;
  /** Environment of the calling shell (CONTAINER_TAG etc.); the stack's variables are added to it. */
  env: NodeJS.ProcessEnv;
  /** false = return right after `docker stack deploy` (--no-wait). */
  wait: boolean;
  /** Generate synthetic data and wait for ETL (step 9). */
  synthetic?: boolean;
  uid: number;
  gid: number;
  say: (line: string) => void;
  print: (line: string) => void;
  /** Seconds to wait for a removed stack to disappear (step 2). */
  removeTimeoutSeconds?: number;
  /** Poll interval; tests shorten it. */
  pollMs?: number;
  keyBits?: number;
}

/**
 * Swarm mode of the quickstart, spec/deployment.md §8 steps 1-12 in order. Returns whether every service ended
 * healthy (always true with `wait: false`, which returns right after `docker stack deploy`). Safe to run twice.
 */
export async function quickstartSwarm(o: QuickstartSwarmOptions): Promise<boolean> {
  const { docker, say } = o;
  const pollMs = o.pollMs ?? 1_000;
  const label = `label=com.docker.stack.namespace=${STACK_NAME}`;

  // 1. Single-node swarm.
  const role = await swarmRole(docker);
  if (role === 'manager') {
    say('this node is already a swarm manager');
  } else if (role === 'worker') {
    throw new Error('this node is part of a swarm but not a manager; run the quickstart on a manager node');
  } else {
    say('initialising a single-node swarm (docker swarm init)');
    await dockerOk(docker, ['swarm', 'init']);
  }

  // 2. Remove a previous stack and wait for its services, then its networks, to disappear.
  if (await stackExists(docker)) {
    say(`removing the previous ${STACK_NAME} stack`);
    await dockerOk(docker, ['stack', 'rm', STACK_NAME]);
    const timeoutMs = (o.removeTimeoutSeconds ?? 60) * 1_000;
    const gone = (kind: 'service' | 'network') => async (): Promise<boolean> =>
      lines(await dockerOk(docker, [kind, 'ls', '--filter', label, '--format', '{{.Name}}'])).length === 0;
    if (!(await pollUntil(gone('service'), timeoutMs, pollMs))) throw new Error(`services of the old ${STACK_NAME} stack still exist after ${timeoutMs / 1000} s; aborting`);
    if (!(await pollUntil(gone('network'), timeoutMs, pollMs))) throw new Error(`networks of the old ${STACK_NAME} stack still exist after ${timeoutMs / 1000} s; aborting`);
  }

  // 3-5. Fresh secrets, token key pair, self-signed certificate.
  say('generating passwords, keys and a self-signed certificate');
  const secrets = generateSwarmSecrets({ bits: o.keyBits });
  mkdirSync(o.stateDir, { recursive: true, mode: 0o700 });
  const { certFile, passwordsFile, tokenFile, dataDir, etlDir, configDir } = swarmStatePaths(o.stateDir);
  writeFileSync(certFile, secrets['cert-flowkit.pem']!, { mode: 0o644 });
  const remembered = SWARM_SECRET_NAMES.filter((n) => n.endsWith('_PASSWORD') || n.endsWith('_USERNAME'));
  writeFileSync(passwordsFile, remembered.map((n) => `${n}=${secrets[n]}`).join('\n') + '\n', { mode: 0o600 });
  chmodSync(passwordsFile, 0o600);

  // 6. Every secret from standard input, never from the command line.
  say(`creating ${SWARM_SECRET_NAMES.length} docker secrets`);
  const failed: string[] = [];
  for (const name of SWARM_SECRET_NAMES) {
    await docker(['secret', 'rm', name]); // absent on a first run: ignore the failure
    const r = await docker(['secret', 'create', name, '-'], { input: secrets[name]! });
    if (r.status !== 0) failed.push(`${name} (${r.stderr.trim() || `exit ${r.status}`})`);
  }
  if (failed.length > 0) throw new Error(`could not create these secrets: ${failed.join(', ')}`);

  // 7. Stack environment, host directories and the external overlay networks.
  for (const d of [dataDir, etlDir, configDir]) mkdirSync(d, { recursive: true });
  seedEtlConfig(o.repoRoot, configDir);
  const env = stackEnv({ env: o.env, stateDir: o.stateDir, uid: o.uid, gid: o.gid, tag: o.env.CONTAINER_TAG ?? 'latest' });
  const networks = new Set(lines(await dockerOk(docker, ['network', 'ls', '--format', '{{.Name}}'])));
  for (const n of STACK_NETWORKS) {
    if (!networks.has(n)) await dockerOk(docker, ['network', 'create', '--driver', 'overlay', '--attachable', n]);
  }

  // 8. Deploy every stack file as one stack.
  say(`deploying stack ${STACK_NAME} (images tagged ${env.CONTAINER_TAG})`);
  await deployStack(docker, o.repoRoot, env);
  if (!o.wait) {
    say('deployed; not waiting (--no-wait). Check progress with: docker stack services flowdeck; flowdeck health --swarm');
    return true;
  }
  say('waiting for the FlowDB migration to finish');
  await waitForMigration(docker, { tag: env.CONTAINER_TAG!, pollMs: Math.max(pollMs, 2_000) });

  const ca = secrets['cert-flowkit.pem']!;
  // 9. Optional synthetic data, ingested by ETL.
  if (o.synthetic) {
    say('generating synthetic data into the ETL directory');
    await generateSynthetic({}, etlDir);
    say('waiting for ETL to ingest every day');
    await waitForIngest({
      databaseUrl: `postgres://flowdb:${encodeURIComponent(secrets.FLOWDB_POSTGRES_PASSWORD!)}@127.0.0.1:${SWARM_HOST_PORTS.FLOWDB_HOST_PORT}/flowdb`,
      etlDir,
      timeoutMs: 30 * 60_000,
    });
  }

  // 10-11. Sign in as admin (auth created it from the secrets), register the api server, a role with every scope.
  say('signing in as admin and registering the API server');
  const ready = await pollUntil(
    async () => (await platformHealth(swarmHealthTargets({ ca, docker, flowdbPassword: secrets.FLOWDB_POSTGRES_PASSWORD! }))).every((l) => l.name === 'flowdb' || l.name === 'query_engine' || l.status === 'ok'),
    10 * 60_000,
    Math.max(pollMs, 2_000),
  );
  if (!ready) say('services are not all healthy yet; trying to register anyway');
  const access = await provisionAccess({
    authUrl: SWARM_URLS.gatewayAuth,
    apiUrl: SWARM_URLS.api,
    ca,
    adminUsername: secrets.FLOWAUTH_ADMIN_USERNAME!,
    adminPassword: secrets.FLOWAUTH_ADMIN_PASSWORD!,
  });
  writeFileSync(tokenFile, access.token + '\n', { mode: 0o600 });

  // 12. Health report and where to look.
  const report = await platformHealth(swarmHealthTargets({ ca, docker, flowdbPassword: secrets.FLOWDB_POSTGRES_PASSWORD! }));
  const rel = (f: string): string => relative(process.cwd(), f) || f;
  o.print('');
  o.print('Flowdeck is deployed (swarm mode). Health:');
  for (const l of formatHealthLines(report)) o.print(`  ${l}`);
  o.print('');
  o.print(`  API                ${SWARM_URLS.api}`);
  o.print(`  Auth               ${SWARM_URLS.auth} (plain HTTP inside the firewall; TLS via the gateway below)`);
  o.print(`  Gateway (API)      ${SWARM_URLS.gatewayApi}`);
  o.print(`  Gateway (auth)     ${SWARM_URLS.gatewayAuth}`);
  o.print(`  ETL monitor        ${SWARM_URLS.etl}`);
  o.print(`  Admin login        ${secrets.FLOWAUTH_ADMIN_USERNAME} (passwords in ${rel(passwordsFile)}, mode 0600; not printed)`);
  o.print(`  Ready token        ${rel(tokenFile)}`);
  o.print(`  Certificate        ${rel(certFile)}`);
  o.print('');
  o.print(`FlowClient: flowclient.Connection(url="https://localhost:9090", token="<JWT>", ssl_certificate="${rel(certFile)}")`);
  return allHealthy(report);
}

/** Copies the standard ETL source definitions (services/etl/config/examples/*.json) into a fresh config dir. */
function seedEtlConfig(repoRoot: string, configDir: string): void {
  const examples = join(repoRoot, 'services', 'etl', 'config', 'examples');
  if (!existsSync(examples)) return;
  for (const f of readdirSync(examples)) {
    if (f.endsWith('.json') && !existsSync(join(configDir, f))) copyFileSync(join(examples, f), join(configDir, f));
  }
}
