import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestHttp } from '../http/request.js';
import type { LocalLayout } from './layout.js';
import { isAlive, readPid, startDetached, stopDetached } from './processes.js';

/** Ports of one local platform; the quickstart uses the spec's defaults, tests pick free ones. */
export interface PlatformPorts {
  api: number;
  auth: number;
  engine: number;
  etl: number;
  gatewayApi: number;
  gatewayAuth: number;
}

export const DEFAULT_PORTS: PlatformPorts = { api: 9090, auth: 9091, engine: 5555, etl: 8080, gatewayApi: 443, gatewayAuth: 8443 };

export interface PlatformOptions {
  repoRoot: string;
  layout: LocalLayout;
  ports: PlatformPorts;
  flowdbDatabase: string;
  authDatabase: string;
  /** Prefix of every Redis key the platform writes, so several platforms can share one Redis. */
  redisPrefix: string;
  logLevel?: string;
  /** Extra env per service name (e.g. short keepalive intervals in tests). */
  extraEnv?: Record<string, Record<string, string>>;
}

export interface ServiceDefinition {
  name: 'auth' | 'api' | 'query-engine' | 'etl' | 'gateway';
  entry: string;
  env: Record<string, string>;
  healthUrl: string;
}

const PG = { host: '127.0.0.1', port: '5432' };

function baseEnv(o: PlatformOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'development',
    LOG_LEVEL: o.logLevel ?? 'info',
    LISTEN_ADDRESS: '127.0.0.1',
    FLOWDECK_SECRETS_DIR: o.layout.secretsDir,
  };
}

function flowdbEnv(o: PlatformOptions): Record<string, string> {
  return { FLOWDB_HOST: PG.host, FLOWDB_PORT: PG.port, FLOWDB_DATABASE: o.flowdbDatabase };
}

function redisEnv(o: PlatformOptions): Record<string, string> {
  return { REDIS_HOST: '127.0.0.1', REDIS_PORT: '6379', REDIS_KEY_PREFIX: o.redisPrefix };
}

/** The five long-running services, with the env each one reads (secrets come from the secrets directory). */
export function serviceDefinitions(o: PlatformOptions): ServiceDefinition[] {
  const { ports } = o;
  const svc = (name: ServiceDefinition['name'], env: Record<string, string>, healthUrl: string): ServiceDefinition => ({
    name,
    entry: join(o.repoRoot, 'services', name, 'src', 'main.ts'),
    env: { ...baseEnv(o), ...env, ...(o.extraEnv?.[name] ?? {}) },
    healthUrl,
  });
  return [
    svc(
      'auth',
      {
        FLOWAUTH_PORT: String(ports.auth),
        DB_URI: `postgresql://flowauth:{}@${PG.host}:${PG.port}/${o.authDatabase}`,
        FLOWAUTH_CACHE_BACKEND: 'file',
        FLOWAUTH_CACHE_FILE: join(o.layout.runDir, 'flowauth_last_used_cache'),
      },
      `https://localhost:${ports.auth}/health`,
    ),
    svc('query-engine', { ...flowdbEnv(o), ...redisEnv(o), FLOWMACHINE_PORT: String(ports.engine) }, `http://127.0.0.1:${ports.engine}/health`),
    svc('api', { ...flowdbEnv(o), ...redisEnv(o), FLOWAPI_PORT: String(ports.api) }, `https://localhost:${ports.api}/health`),
    svc(
      'etl',
      {
        ...flowdbEnv(o),
        FLOWDB_SUPERUSER: 'flowdb',
        // Files are complete before the services start; no need to wait the production settle time.
        FLOWETL_FILE_SETTLE_SECONDS: '2',
        FLOWETL_PORT: String(ports.etl),
        FLOWDB_ETL_DIR: o.layout.etlDir,
        FLOWETL_REDIS_HOST: '127.0.0.1',
        FLOWETL_REDIS_PORT: '6379',
        REDIS_KEY_PREFIX: o.redisPrefix,
      },
      `http://127.0.0.1:${ports.etl}/health`,
    ),
    svc(
      'gateway',
      {
        GATEWAY_REDIS_HOST: '127.0.0.1',
        GATEWAY_REDIS_PORT: '6379',
        REDIS_KEY_PREFIX: o.redisPrefix,
        GATEWAY_API_PORT: String(ports.gatewayApi),
        GATEWAY_AUTH_PORT: String(ports.gatewayAuth),
        GATEWAY_API_URL: `https://localhost:${ports.api}`,
        GATEWAY_AUTH_URL: `https://localhost:${ports.auth}`,
        GATEWAY_ETL_URL: `http://127.0.0.1:${ports.etl}`,
      },
      `https://localhost:${ports.gatewayApi}/health`,
    ),
  ];
}

const NODE_ARGS = ['--conditions=source', '--import', 'tsx'];

/** Runs FlowDB's one-shot migration service to completion; rejects with its output on failure. */
export function runFlowdbMigrations(o: PlatformOptions): Promise<void> {
  const env = { ...baseEnv(o), ...flowdbEnv(o), FLOWDB_SUPERUSER: 'flowdb' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, join(o.repoRoot, 'services/flowdb/src/main.ts')], {
      cwd: o.repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`FlowDB migrations failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

/** Starts every service that is not already running; returns which were started now. */
export function startServices(o: PlatformOptions): { name: string; pid: number; started: boolean }[] {
  return serviceDefinitions(o).map((d) => ({
    name: d.name,
    ...startDetached({
      name: d.name,
      args: [...NODE_ARGS, d.entry],
      env: d.env,
      cwd: o.repoRoot,
      logsDir: o.layout.logsDir,
      runDir: o.layout.runDir,
    }),
  }));
}

/** Stops every service started by `startServices` (reverse order). */
export async function stopServices(o: PlatformOptions): Promise<string[]> {
  const stopped: string[] = [];
  for (const d of serviceDefinitions(o).reverse()) if (await stopDetached(o.layout.runDir, d.name)) stopped.push(d.name);
  return stopped;
}

export interface HealthReport {
  name: string;
  status: 'ok' | 'unavailable' | 'down';
  detail: string;
}

/** One /health call per service. */
export async function healthReport(o: PlatformOptions): Promise<HealthReport[]> {
  const ca = readFileSync(join(o.layout.secretsDir, 'cert-flowkit.pem'), 'utf8');
  return Promise.all(
    serviceDefinitions(o).map(async (d): Promise<HealthReport> => {
      try {
        const res = await requestHttp({ url: d.healthUrl, ca, timeoutMs: 5_000 });
        const body = res.json<{ status?: string; checks?: Record<string, string> }>();
        const failing = Object.entries(body.checks ?? {}).filter(([, v]) => v !== 'ok' && v !== 'disabled');
        return {
          name: d.name,
          status: res.status === 200 ? 'ok' : 'unavailable',
          detail: failing.map(([k, v]) => `${k}: ${v}`).join(', '),
        };
      } catch (err) {
        return { name: d.name, status: 'down', detail: (err as Error).message };
      }
    }),
  );
}

/** Waits until every service reports ok, or a started process died, or the deadline passes. */
export async function waitUntilHealthy(o: PlatformOptions, timeoutMs = 180_000): Promise<HealthReport[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await healthReport(o);
    if (report.every((r) => r.status === 'ok')) return report;
    for (const d of serviceDefinitions(o)) {
      const pid = readPid(o.layout.runDir, d.name);
      if (pid === undefined || !isAlive(pid)) {
        const logFile = join(o.layout.logsDir, `${d.name}.log`);
        const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
        throw new Error(`service ${d.name} is not running; last lines of ${logFile}:\n${tail}`);
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`services not healthy in time: ${report.filter((r) => r.status !== 'ok').map((r) => `${r.name} (${r.detail})`).join('; ')}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
