import pg from 'pg';
import { requestHttp } from '../http/request.js';

/** One line of `flowdeck health` (spec/deployment.md §7). */
export interface HealthLine {
  name: string;
  status: 'ok' | 'unavailable' | 'down' | 'unknown';
  version?: string;
  /** Checks whose value is neither `ok` nor `disabled`, as `name: value`. */
  failing: string[];
  /** Why the service could not be asked (connection refused, timeout, ...). */
  detail?: string;
}

/** What to check: each service's /health URL (or a custom probe), plus FlowDB's connection string. */
export interface HealthTargets {
  services: { name: string; url?: string; probe?: () => Promise<HealthLine> }[];
  flowdbUrl?: string;
  /** PEM of the CA to trust for https URLs (cert-flowkit.pem). */
  ca?: string;
  timeoutMs?: number;
}

/** FlowDB's migrations table (services/flowdb FLOWDB_MIGRATIONS_TABLE). */
const MIGRATIONS_TABLE = 'public.flowdeck_migrations';

/** GET <url> and read the api.md §11.2 body: status, version and failing checks. */
export async function checkHttpHealth(name: string, url: string, options: { ca?: string; timeoutMs?: number } = {}): Promise<HealthLine> {
  try {
    const res = await requestHttp({ url, ca: options.ca, timeoutMs: options.timeoutMs ?? 5_000 });
    let body: { status?: string; version?: string; checks?: Record<string, unknown> } = {};
    try {
      body = res.json();
    } catch {
      return { name, status: 'unavailable', failing: [], detail: `HTTP ${res.status} without a JSON body` };
    }
    const failing = Object.entries(body.checks ?? {})
      .filter(([, v]) => v !== 'ok' && v !== 'disabled')
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    const ok = res.status === 200 && (body.status === undefined || body.status === 'ok') && failing.length === 0;
    return { name, status: ok ? 'ok' : 'unavailable', version: body.version, failing, detail: ok ? undefined : `HTTP ${res.status}` };
  } catch (err) {
    return { name, status: 'down', failing: [], detail: (err as Error).message };
  }
}

/** Connects to FlowDB and reads the newest applied migration version. */
export async function checkFlowdb(url: string, options: { timeoutMs?: number } = {}): Promise<HealthLine> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.timeoutMs ?? 5_000 });
  try {
    await client.connect();
    const exists = (await client.query<{ e: boolean }>('SELECT to_regclass($1) IS NOT NULL AS e', [MIGRATIONS_TABLE])).rows[0]?.e;
    if (!exists) return { name: 'flowdb', status: 'unavailable', failing: ['migrations: not applied'] };
    const v = (await client.query<{ v: number | null }>(`SELECT max(version)::int AS v FROM ${MIGRATIONS_TABLE}`)).rows[0]?.v;
    if (v === null || v === undefined) return { name: 'flowdb', status: 'unavailable', failing: ['migrations: not applied'] };
    return { name: 'flowdb', status: 'ok', version: `schema ${v}`, failing: [] };
  } catch (err) {
    return { name: 'flowdb', status: 'down', failing: [], detail: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Every service's /health plus FlowDB, in the order given (FlowDB first). */
export async function platformHealth(targets: HealthTargets): Promise<HealthLine[]> {
  const flowdb = targets.flowdbUrl !== undefined ? [checkFlowdb(targets.flowdbUrl, { timeoutMs: targets.timeoutMs })] : [];
  const services = targets.services.map((s) => {
    if (s.probe) return s.probe();
    if (s.url === undefined) return Promise.resolve<HealthLine>({ name: s.name, status: 'unknown', failing: [], detail: 'no URL to ask' });
    return checkHttpHealth(s.name, s.url, { ca: targets.ca, timeoutMs: targets.timeoutMs });
  });
  return Promise.all([...flowdb, ...services]);
}

/** Whether every line is `ok` (the exit status of `flowdeck health`). */
export function allHealthy(lines: readonly HealthLine[]): boolean {
  return lines.length > 0 && lines.every((l) => l.status === 'ok');
}

/** One printable line per service: name, status, version, failing checks or the reason. */
export function formatHealthLines(lines: readonly HealthLine[]): string[] {
  return lines.map((l) => {
    const extra = [...l.failing, ...(l.detail !== undefined ? [l.detail] : [])].join('; ');
    return `${l.name.padEnd(13)} ${l.status.padEnd(11)} ${(l.version ?? '-').padEnd(10)}${extra ? ` ${extra}` : ''}`.trimEnd();
  });
}
