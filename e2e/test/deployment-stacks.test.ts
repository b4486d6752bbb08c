// Stack files (spec/deployment.md §6): Compose Specification schema, `docker stack config` of the combined files,
// and settings coverage: what each service reads is what its stack file provides, and vice versa.
// Schema source: npm package dclint (devDependency of @flowdeck/e2e), file schemas/compose.schema.json — the
// Compose Specification JSON schema (compose-spec/compose-spec, schema/compose-spec.json).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import type { Declarations } from '@flowdeck/config';
import { SERVICE_SETTINGS } from '../src/settings-reference.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STACKS = ['flowdb', 'etl', 'query-engine', 'api', 'auth', 'gateway'];
const stackPath = (s: string): string => `${ROOT}stacks/${s}.yml`;

interface ComposeService {
  image?: string;
  environment?: Record<string, unknown>;
  secrets?: (string | { source: string; target?: string })[];
  networks?: string[] | Record<string, unknown>;
  user?: string;
  healthcheck?: { test?: unknown; disable?: boolean };
  deploy?: { replicas?: unknown; restart_policy?: unknown; update_config?: unknown };
  volumes?: unknown[];
  ports?: { target: number; published: string | number }[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { external?: boolean }>;
  networks?: Record<string, { external?: boolean }>;
}
const load = (s: string): ComposeFile => parse(readFileSync(stackPath(s), 'utf8'), { merge: true }) as ComposeFile;

/** Which settings declaration each container runs with; others are third-party images. */
const SERVICE_DECLARATIONS: Record<string, string> = {
  flowdb_migrate: 'flowdb',
  etl: 'etl',
  etl_worker: 'etl',
  query_engine: 'query-engine',
  api: 'api',
  auth: 'auth',
  gateway: 'gateway',
};
/**
 * Variables read by an image rather than by Flowdeck code: the official postgres image (POSTGRES_*, PGDATA) and the
 * flowdeck/flowdb entry point (stacks/flowdb/flowdb-tuning.sh), which reads FlowDB's tuning settings.
 */
const IMAGE_LEVEL_ENV: Record<string, string[]> = {
  flowdb: ['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD_FILE', 'PGDATA', 'MAX_CPUS', 'SHARED_BUFFERS_SIZE', 'MAX_WORKERS',
    'MAX_WORKERS_PER_GATHER', 'EFFECTIVE_CACHE_SIZE', 'MAX_LOCKS_PER_TRANSACTION', 'JIT', 'STATS_TARGET', 'FLOWDB_ENABLE_POSTGRES_DEBUG_MODE'],
  auth_postgres: ['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD_FILE', 'PGDATA'],
};
/** Secrets third-party containers read from /run/secrets (their command or entry point). */
const IMAGE_LEVEL_SECRETS: Record<string, string[]> = {
  flowdb: ['FLOWDB_POSTGRES_PASSWORD'],
  redis: ['REDIS_PASSWORD'],
  etl_redis: ['FLOWETL_REDIS_PASSWORD'],
  auth_postgres: ['FLOWAUTH_DB_PASSWORD'],
  auth_redis: ['FLOWAUTH_REDIS_PASSWORD'],
};
/** Settings a stack may leave to a sibling secret (spec §2.2: AIRFLOW_CONN_FLOWDB or FLOWDB_POSTGRES_PASSWORD). */
const ALTERNATIVES: Record<string, string[]> = { FLOWDB_POSTGRES_PASSWORD: ['AIRFLOW_CONN_FLOWDB'], AIRFLOW_CONN_FLOWDB: ['FLOWDB_POSTGRES_PASSWORD'] };

const secretNames = (svc: ComposeService): string[] => (svc.secrets ?? []).map((s) => (typeof s === 'string' ? s : (s.target ?? s.source)));
const isRequired = (decls: Declarations, name: string): boolean => {
  const s = decls[name]!;
  return !s.optional && s.default === undefined;
};

const STACK_ENV = {
  FLOWDB_HOST_USER_ID: '1000',
  FLOWDB_HOST_GROUP_ID: '1000',
  FLOWETL_HOST_USER_ID: '1000',
  FLOWETL_HOST_GROUP_ID: '1000',
  FLOWDB_DATA_DIR: '/srv/flowdb/data',
  FLOWDB_ETL_DIR: '/srv/flowdb/etl',
  FLOWETL_HOST_DAG_DIR: '/srv/flowdb/etl-config',
};

describe('stack files', () => {
  const schema = JSON.parse(readFileSync(`${ROOT}e2e/node_modules/dclint/schemas/compose.schema.json`, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it.each(STACKS)('%s.yml validates against the Compose Specification schema', (s) => {
    const ok = validate(load(s));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail (an unknown key is refused)', () => {
    const bad = load('api');
    (bad.services.api as Record<string, unknown>).replicas = 3; // belongs under deploy
    expect(validate(bad)).toBe(false);
  });

  it.each(STACKS)('%s.yml follows the conventions of §6', (s) => {
    const file = load(s);
    for (const [name, svc] of Object.entries(file.services)) {
      if (svc.image!.startsWith('flowdeck/')) expect({ name, image: svc.image }).toEqual({ name, image: expect.stringMatching(/^flowdeck\/[a-z-]+:\$\{CONTAINER_TAG:-latest\}$/) });
      if (SERVICE_DECLARATIONS[name]) {
        expect({ name, env: svc.environment?.NODE_ENV, listen: svc.environment?.LISTEN_ADDRESS }).toEqual({ name, env: 'production', listen: '0.0.0.0' });
      }
      if (name !== 'flowdb_migrate') expect({ name, healthcheck: Array.isArray(svc.healthcheck?.test) }).toEqual({ name, healthcheck: true });
      expect({ name, restart: svc.deploy?.restart_policy !== undefined, update: svc.deploy?.update_config !== undefined }).toEqual({ name, restart: true, update: true });
      for (const secret of secretNames(svc)) expect({ secret, external: file.secrets?.[secret]?.external }).toEqual({ secret, external: true });
      const nets = Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks ?? {});
      for (const n of nets) expect(file.networks?.[n]).toBeDefined();
    }
  });

  it('declares the services, secrets, ports and networks of the §6 table', () => {
    const services = Object.fromEntries(STACKS.map((s) => [s, Object.keys(load(s).services).sort()]));
    expect(services).toEqual({
      flowdb: ['flowdb', 'flowdb_migrate'],
      etl: ['etl', 'etl_redis', 'etl_worker'],
      'query-engine': ['query_engine', 'redis'],
      api: ['api'],
      auth: ['auth', 'auth_postgres', 'auth_redis'],
      gateway: ['gateway', 'gateway_redis'],
    });
    const ports = Object.fromEntries(
      STACKS.flatMap((s) => Object.entries(load(s).services)).flatMap(([n, svc]) => (svc.ports ?? []).map((p) => [`${n}:${p.target}`, p.published])),
    );
    expect(ports).toEqual({
      'flowdb:5432': '${FLOWDB_HOST_PORT:-9000}',
      'etl:8080': '${FLOWETL_HOST_PORT:-8080}',
      'redis:6379': '${REDIS_HOST_PORT:-6379}',
      'api:9090': '${FLOWAPI_HOST_PORT:-9090}',
      'auth:9091': '${FLOWAUTH_HOST_PORT:-9091}',
      'gateway:443': '${GATEWAY_API_HOST_PORT:-443}',
      'gateway:8443': '${GATEWAY_AUTH_HOST_PORT:-8443}',
    });
    const members: Record<string, string[]> = {};
    for (const s of STACKS) {
      for (const [name, svc] of Object.entries(load(s).services)) {
        const nets = Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks ?? {});
        for (const n of nets) (members[n] ??= []).push(name);
      }
    }
    for (const n of Object.keys(members)) members[n]!.sort();
    expect(members).toEqual({
      flowdb: ['api', 'etl', 'etl_worker', 'flowdb', 'flowdb_migrate', 'query_engine'],
      engine: ['api', 'query_engine', 'redis'],
      etl: ['etl', 'etl_redis', 'etl_worker'],
      auth: ['auth', 'auth_postgres', 'auth_redis'],
      edge: ['api', 'auth', 'gateway'],
      gateway_internal: ['gateway', 'gateway_redis'],
    });
    const flowdb = load('flowdb').services.flowdb!;
    expect(flowdb.user).toContain('FLOWDB_HOST_USER_ID');
    expect(flowdb.volumes).toContainEqual(expect.objectContaining({ type: 'tmpfs', target: '/dev/shm', tmpfs: { size: 1073741824 } }));
    expect(load('etl').services.etl_worker!.deploy!.replicas).toBe('${FLOWETL_WORKER_COUNT:-1}');
  });

  it('docker stack config accepts every file alone and all of them combined', () => {
    const env = { ...process.env, ...STACK_ENV };
    for (const s of STACKS) {
      const r = spawnSync('docker', ['stack', 'config', '-c', stackPath(s)], { env, encoding: 'utf8' });
      expect({ s, status: r.status, stderr: r.stderr }).toEqual({ s, status: 0, stderr: '' });
    }
    const all = spawnSync('docker', ['stack', 'config', ...STACKS.flatMap((s) => ['-c', stackPath(s)])], { env: { ...env, CONTAINER_TAG: '1.2.3' }, encoding: 'utf8' });
    expect(all.status).toBe(0);
    const merged = parse(all.stdout) as ComposeFile;
    expect(Object.keys(merged.services)).toHaveLength(13);
    expect(merged.services.api!.image).toBe('flowdeck/api:1.2.3');
    const missing = spawnSync('docker', ['stack', 'config', '-c', stackPath('flowdb')], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    // docker reports the first unset variable it meets, in no fixed order.
    expect(missing.stderr).toMatch(/(FLOWDB_HOST_USER_ID|FLOWDB_HOST_GROUP_ID|FLOWDB_DATA_DIR|FLOWDB_ETL_DIR) must be set/);
  });
});

describe('settings coverage (every setting each service reads is provided by its stack, and vice versa)', () => {
  const rows = STACKS.flatMap((s) => Object.entries(load(s).services).map(([name, svc]) => ({ stack: s, name, svc })));

  it.each(rows.map((r) => [`${r.stack}.yml ${r.name}`, r] as const))('%s', (_label, { name, svc }) => {
    const env = Object.keys(svc.environment ?? {});
    const secrets = secretNames(svc);
    const declName = SERVICE_DECLARATIONS[name];
    if (declName === undefined) {
      expect(env.filter((e) => !(IMAGE_LEVEL_ENV[name] ?? []).includes(e))).toEqual([]);
      expect(secrets.filter((e) => !(IMAGE_LEVEL_SECRETS[name] ?? []).includes(e))).toEqual([]);
      return;
    }
    const decls = SERVICE_SETTINGS[declName]!;
    // Every env var and secret given is a declared setting of that service, of the right kind.
    expect(env.filter((e) => decls[e] === undefined)).toEqual([]);
    expect(secrets.filter((e) => decls[e] === undefined)).toEqual([]);
    expect(secrets.filter((e) => decls[e]?.kind !== 'secret')).toEqual([]);
    // Every required setting is provided (secrets as secrets).
    const provided = new Set([...env, ...secrets]);
    const missing = Object.keys(decls).filter((n) => isRequired(decls, n) && !provided.has(n) && !(ALTERNATIVES[n] ?? []).some((a) => provided.has(a)));
    expect(missing).toEqual([]);
    const secretsAsEnv = env.filter((e) => decls[e]?.kind === 'secret' && !['FLOWAUTH_REDIS_HOST', 'FLOWAUTH_REDIS_PORT'].includes(e));
    expect(secretsAsEnv).toEqual([]);
  });

  it('every secret the spec lists for a stack is mounted by it (§6)', () => {
    const spec: Record<string, string[]> = {
      flowdb: ['FLOWDB_POSTGRES_PASSWORD', 'FLOWMACHINE_FLOWDB_USER', 'FLOWMACHINE_FLOWDB_PASSWORD', 'FLOWAPI_FLOWDB_USER', 'FLOWAPI_FLOWDB_PASSWORD'],
      etl: ['AIRFLOW_CONN_FLOWDB', 'FLOWETL_AIRFLOW_ADMIN_USERNAME', 'FLOWETL_AIRFLOW_ADMIN_PASSWORD', 'FLOWETL_REDIS_PASSWORD'],
      'query-engine': ['FLOWMACHINE_FLOWDB_USER', 'FLOWMACHINE_FLOWDB_PASSWORD', 'REDIS_PASSWORD'],
      api: ['PUBLIC_JWT_SIGNING_KEY', 'FLOWAPI_IDENTIFIER', 'FLOWAPI_FLOWDB_USER', 'FLOWAPI_FLOWDB_PASSWORD', 'REDIS_PASSWORD', 'cert-flowkit.pem', 'key-flowkit.pem'],
      auth: ['PRIVATE_JWT_SIGNING_KEY', 'FLOWAUTH_FERNET_KEY', 'SECRET_KEY', 'FLOWAUTH_ADMIN_USERNAME', 'FLOWAUTH_ADMIN_PASSWORD', 'FLOWAUTH_DB_PASSWORD', 'FLOWAUTH_REDIS_PASSWORD'],
      gateway: ['cert-flowkit.pem', 'key-flowkit.pem'],
    };
    for (const s of STACKS) expect({ s, secrets: Object.keys(load(s).secrets ?? {}).sort() }).toEqual({ s, secrets: [...spec[s]!].sort() });
  });
});
