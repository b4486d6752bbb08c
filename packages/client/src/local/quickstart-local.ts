import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateSynthetic } from '../synth/generate.js';
import { localLayout } from './layout.js';
import { ensureLocalDatabases } from './local-databases.js';
import { ensureLocalSecrets } from './local-secrets.js';
import {
  DEFAULT_PORTS,
  healthReport,
  runFlowdbMigrations,
  startServices,
  stopServices,
  waitUntilHealthy,
  type HealthReport,
  type PlatformOptions,
} from './local-platform.js';
import { provisionAccess } from './provision-access.js';
import { waitForIngest } from './wait-for-ingest.js';

export interface QuickstartLocalOptions {
  repoRoot: string;
  /** Print progress lines here (stderr in the CLI). */
  say: (line: string) => void;
  /** Where the final report goes (stdout in the CLI). */
  print: (line: string) => void;
}

export function localPlatformOptions(repoRoot: string): PlatformOptions {
  return {
    repoRoot,
    layout: localLayout(join(repoRoot, 'secrets_quickstart', 'local')),
    ports: DEFAULT_PORTS,
    flowdbDatabase: 'flowdb',
    authDatabase: 'flowauth',
    redisPrefix: 'flowdeck',
  };
}

/** The example query of spec/api.md §12. */
export const EXAMPLE_SPEC = {
  query_kind: 'spatial_aggregate',
  locations: { query_kind: 'daily_location', date: '2016-01-01', aggregation_unit: 'admin3', method: 'last' },
};

/**
 * Local mode of the quickstart: secrets, databases, migrations, synthetic data, the five services as Node processes,
 * ETL, server registration, a ready token, then a health report and where to look. Safe to run twice.
 */
export async function quickstartLocal(o: QuickstartLocalOptions): Promise<boolean> {
  const p = localPlatformOptions(o.repoRoot);
  const { layout } = p;
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });

  o.say('generating secrets, keys and a self-signed certificate (kept in secrets_quickstart/local/secrets)');
  const secrets = ensureLocalSecrets(layout.secretsDir);
  o.say(secrets.created.length > 0 ? `created ${secrets.created.length} secrets` : 'reusing existing secrets');

  o.say('preparing PostgreSQL roles and databases (flowdb, flowauth)');
  await ensureLocalDatabases({
    adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    flowdbDatabase: p.flowdbDatabase,
    flowdbPassword: secrets.read('FLOWDB_POSTGRES_PASSWORD'),
    authDatabase: p.authDatabase,
    authPassword: secrets.read('FLOWAUTH_DB_PASSWORD'),
  });

  o.say('applying FlowDB migrations');
  await runFlowdbMigrations(p);

  mkdirSync(layout.etlDir, { recursive: true });
  if (!readdirSync(layout.etlDir).some((f) => f.startsWith('calls_'))) {
    o.say('generating synthetic data (seeded, 7 days) into secrets_quickstart/local/etl');
    let last = -1;
    await generateSynthetic({}, layout.etlDir, {
      onProgress: (done, total) => {
        const pct = Math.floor((100 * done) / Math.max(total, 1));
        if (pct >= last + 10) {
          last = pct;
          o.say(`  synthetic data ${pct}%`);
        }
      },
    });
  } else {
    o.say('synthetic data already present');
  }

  o.say('starting services');
  for (const s of startServices(p)) o.say(`  ${s.name}: ${s.started ? 'started' : 'already running'} (pid ${s.pid})`);
  await waitUntilHealthy(p);

  o.say('waiting for ETL to ingest every day');
  let lastDone = -1;
  await waitForIngest({
    databaseUrl: `postgres://flowdb:${encodeURIComponent(secrets.read('FLOWDB_POSTGRES_PASSWORD'))}@127.0.0.1:5432/${p.flowdbDatabase}`,
    etlDir: layout.etlDir,
    onProgress: (done, total) => {
      if (done !== lastDone) o.say(`  ${done}/${total} days ingested`);
      lastDone = done;
    },
  });

  o.say('registering the API server in auth and minting a token');
  const ca = secrets.read('cert-flowkit.pem') + '\n';
  const admin = secrets.read('FLOWAUTH_ADMIN_USERNAME');
  const access = await provisionAccess({
    authUrl: `https://localhost:${p.ports.auth}`,
    apiUrl: `https://localhost:${p.ports.api}`,
    ca,
    adminUsername: admin,
    adminPassword: secrets.read('FLOWAUTH_ADMIN_PASSWORD'),
  });
  writeFileSync(layout.tokenFile, access.token + '\n', { mode: 0o600 });
  writePasswordsFile(layout.passwordsFile, secrets.read);

  const report = await healthReport(p);
  printReport(o, p, report, admin);
  return report.every((r) => r.status === 'ok');
}

function writePasswordsFile(path: string, read: (n: string) => string): void {
  const names = ['FLOWAUTH_ADMIN_USERNAME', 'FLOWAUTH_ADMIN_PASSWORD', 'FLOWETL_AIRFLOW_ADMIN_USERNAME', 'FLOWETL_AIRFLOW_ADMIN_PASSWORD', 'FLOWDB_POSTGRES_PASSWORD', 'FLOWMACHINE_FLOWDB_PASSWORD', 'FLOWAPI_FLOWDB_PASSWORD', 'FLOWAUTH_DB_PASSWORD'];
  writeFileSync(path, names.map((n) => `${n}=${read(n)}`).join('\n') + '\n', { mode: 0o600 });
}

function printReport(o: QuickstartLocalOptions, p: PlatformOptions, report: HealthReport[], admin: string): void {
  const rel = (f: string): string => relative(process.cwd(), f) || f;
  const cert = rel(join(p.layout.secretsDir, 'cert-flowkit.pem'));
  const token = rel(p.layout.tokenFile);
  const gw = p.ports.gatewayApi === 443 ? 'https://localhost' : `https://localhost:${p.ports.gatewayApi}`;
  o.print('');
  o.print('Flowdeck is up (local mode). Health:');
  for (const r of report) o.print(`  ${r.name.padEnd(13)} ${r.status}${r.detail ? `  (${r.detail})` : ''}`);
  o.print('');
  o.print('Where to look:');
  o.print(`  API (gateway)      ${gw}/api/0/   (direct: https://localhost:${p.ports.api})`);
  o.print(`  API docs           ${gw}/api/0/spec/redoc`);
  o.print(`  Auth console       https://localhost:${p.ports.gatewayAuth}   (direct: https://localhost:${p.ports.auth})`);
  o.print(`  ETL monitor        http://localhost:${p.ports.etl}`);
  o.print(`  Admin login        ${admin}  (password in ${rel(p.layout.passwordsFile)}, mode 0600)`);
  o.print(`  Ready token        ${token}`);
  o.print(`  Logs               ${rel(p.layout.logsDir)}/`);
  o.print(`  Certificate        ${cert}`);
  o.print('');
  o.print('Run, poll and get a query through the gateway (copy and paste):');
  o.print(`  TOKEN=$(cat ${token})`);
  o.print(
    `  ID=$(curl -sS --cacert ${cert} -X POST ${gw}/api/0/run -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\\n` +
      `       -d '${JSON.stringify(EXAMPLE_SPEC)}' | sed -E 's/.*"query_id": ?"([0-9a-f]+)".*/\\1/'); echo "$ID"`,
  );
  o.print(`  curl -sS --cacert ${cert} -i ${gw}/api/0/poll/$ID -H "Authorization: Bearer $TOKEN"   # repeat until 303`);
  o.print(`  curl -sS --cacert ${cert} ${gw}/api/0/get/$ID -H "Authorization: Bearer $TOKEN"`);
  o.print('');
  o.print('FlowClient: flowclient.Connection(url="https://localhost:9090", token="<contents of token.jwt>", ssl_certificate="' + cert + '")');
  o.print('Stop everything: secrets_quickstart/quickstart.sh --down');
}

/** `--down`: stops every service local mode started. */
export async function quickstartDown(o: QuickstartLocalOptions): Promise<void> {
  const p = localPlatformOptions(o.repoRoot);
  if (!existsSync(p.layout.runDir)) {
    o.say('nothing to stop');
    return;
  }
  const stopped = await stopServices(p);
  o.say(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
}
