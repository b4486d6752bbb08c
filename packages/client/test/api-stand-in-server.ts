/**
 * An in-process stand-in for services/api (a peer service, STYLE.md §7), answering exactly as spec/api.md §4–8 and
 * §11.1 describe: 202 + relative Location on run, 202 polls with progress, 303 when done, streamed results, 404/500
 * bodies, and the real 400 validation body (it validates with @flowdeck/queries). Each query follows a script set
 * per test through `nextPlan`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseQuerySpec, SpecParseError, SpecValidationError } from '@flowdeck/queries';

export const GOOD_TOKEN = 'good.token.value';

export interface QueryPlan {
  /** 202 polls before the final answer. */
  polls: number;
  outcome: 'completed' | 'errored';
  msg?: string;
  rows?: Record<string, unknown>[];
  /** Abort the socket after the first chunk of the result. */
  truncate?: boolean;
}

interface StandInQuery {
  spec: unknown;
  plan: QueryPlan;
  pollsLeft: number;
  state: 'queued' | 'executing' | 'completed' | 'errored' | 'cancelled' | 'known';
  runs: number;
}

export interface StandIn {
  url: string;
  queries: Map<string, StandInQuery>;
  /** Plan given to the next newly submitted query. */
  nextPlan: QueryPlan;
  /** Every request seen: method and path. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** Answer every request with 500 Internal server error. */
  failAll: boolean;
  close(): Promise<void>;
}

const DEFAULT_ROWS: Record<string, unknown>[] = [
  { pcod: 'SYN010101', value: 26 },
  { pcod: 'SYN01,0102', value: 20 },
];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function progressOf(q: StandInQuery): { eligible: number; queued: number; running: number } {
  const eligible = q.pollsLeft + 1;
  return { eligible, queued: Math.max(0, eligible - 1), running: 1 };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function writeResult(res: ServerResponse, id: string, format: string, q: StandInQuery): void {
  const rows = q.plan.rows ?? DEFAULT_ROWS;
  let parts: string[];
  if (format === 'csv') {
    const cols = Object.keys(rows[0] ?? {});
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment;filename=${id}.csv` });
    parts = [cols.join(',') + '\r\n', ...rows.map((r) => cols.map((c) => csvField(r[c])).join(',') + '\r\n')];
  } else if (format === 'geojson') {
    res.writeHead(200, { 'content-type': 'application/geo+json', 'content-disposition': `attachment;filename=${id}.geojson` });
    const features = rows.map((r, i) =>
      JSON.stringify({ type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [1, 2] }, properties: r }),
    );
    parts = ['{"type":"FeatureCollection", "features":[', features.join(', '), ']}'];
  } else {
    res.writeHead(200, { 'content-type': 'application/json', 'content-disposition': `attachment;filename=${id}.json` });
    parts = [`{"query_id":"${id}", "query_result":[`, rows.map((r) => JSON.stringify(r)).join(', '), ']}'];
  }
  if (q.plan.truncate) {
    res.write(parts[0]);
    setImmediate(() => res.socket?.destroy());
    return;
  }
  for (const p of parts) res.write(p);
  res.end();
}

async function handle(standIn: StandIn, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  standIn.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
  const body = await readBody(req);
  if (standIn.failAll) return send(res, 500, { status: 'Error', msg: 'Internal server error.' });
  if (req.headers.authorization === undefined) return send(res, 401, { msg: 'Missing Authorization Header' });
  if (req.headers.authorization !== `Bearer ${GOOD_TOKEN}`) return send(res, 422, { msg: 'Signature verification failed' });

  if (req.method === 'POST' && path === '/api/0/run') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return send(res, 400, { msg: 'Could not parse query spec.' });
    }
    try {
      const v = parseQuerySpec(parsed, { redactionThreshold: 15 });
      const existing = standIn.queries.get(v.queryId);
      if (existing === undefined || existing.state === 'cancelled' || existing.state === 'known') {
        const plan = standIn.nextPlan;
        standIn.queries.set(v.queryId, {
          spec: parsed,
          plan,
          pollsLeft: plan.polls,
          state: 'queued',
          runs: (existing?.runs ?? 0) + 1,
        });
      }
      const q = standIn.queries.get(v.queryId)!;
      const progress = q.state === 'completed' ? { eligible: 0, queued: 0, running: 0 } : progressOf(q);
      return send(res, 202, { query_id: v.queryId, progress }, { location: `/api/0/poll/${v.queryId}` });
    } catch (err) {
      if (err instanceof SpecParseError || err instanceof SpecValidationError) return send(res, 400, err.body);
      throw err;
    }
  }

  const poll = /^\/api\/0\/poll\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && poll) {
    const id = poll[1]!;
    const q = standIn.queries.get(id);
    if (q === undefined) return send(res, 404, { status: 'awol', msg: `Unknown query id: '${id}'` });
    if (q.state === 'known') return send(res, 404, { status: 'known', msg: '' });
    if (q.state === 'cancelled') return send(res, 500, { status: 'cancelled', msg: '' });
    if (q.state === 'queued' || q.state === 'executing') {
      if (q.pollsLeft > 0) {
        const progress = progressOf(q);
        q.pollsLeft -= 1;
        q.state = 'executing';
        return send(res, 202, { status: 'executing', msg: '', progress }, { 'retry-after': '1' });
      }
      q.state = q.plan.outcome;
    }
    if (q.state === 'errored') return send(res, 500, { status: 'errored', msg: q.plan.msg ?? '' });
    return send(res, 303, { status: 'completed' }, { location: `/api/0/get/${id}` });
  }

  const get = /^\/api\/0\/get\/([^/.]+)(?:\.([^/]+))?$/.exec(path);
  if (req.method === 'GET' && get) {
    const id = get[1]!;
    const format = get[2] ?? 'json';
    const q = standIn.queries.get(id);
    if (!['json', 'csv', 'geojson'].includes(format)) return send(res, 400, { status: 'error', msg: 'Invalid file format' });
    if (q === undefined) return send(res, 404, { status: 'Error', msg: `Unknown query id: '${id}'` });
    if (q.state === 'queued' || q.state === 'executing') return send(res, 202, {});
    if (q.state === 'errored') return send(res, 403, { status: 'Error', msg: `Query with id '${id}' finished with an error.` });
    if (q.state === 'cancelled') return send(res, 404, { status: 'Error', msg: `Query with id '${id}' was cancelled.` });
    if (q.state === 'known') {
      return send(res, 404, { status: 'Error', msg: `Query with id '${id}' is known, but has not yet been run.` });
    }
    return writeResult(res, id, format, q);
  }

  const geo = /^\/api\/0\/geography\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && geo) {
    const unit = geo[1]!;
    if (!['admin0', 'admin1', 'admin2', 'admin3'].includes(unit)) {
      return send(res, 400, {
        status: 'Error',
        msg: 'Parameter validation failed.',
        payload: { params: { aggregation_unit: unit }, orig_error_msg: { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'] } },
      });
    }
    res.writeHead(200, { 'content-type': 'application/geo+json' });
    res.end('{"type":"FeatureCollection", "features":[{"type": "Feature", "id": 1, "geometry": null, "properties": {"pcod": "SYN01", "name": "One"}}]}');
    return;
  }

  if (req.method === 'GET' && path === '/api/0/available_dates') {
    return send(res, 200, { available_dates: { calls: ['2016-01-01', '2016-01-02'], sms: ['2016-01-01'], topups: ['2016-01-03'] } });
  }

  const cancel = /^\/api\/0\/run\/([^/]+)$/.exec(path);
  if (req.method === 'DELETE' && cancel) {
    const id = cancel[1]!;
    const q = standIn.queries.get(id);
    if (q === undefined) return send(res, 404, { status: 'awol', msg: `Unknown query id: '${id}'` });
    if (q.state === 'queued' || q.state === 'cancelled') {
      q.state = 'cancelled';
      return send(res, 200, { query_id: id, status: 'cancelled' });
    }
    if (q.state === 'executing') {
      q.state = 'cancelled';
      return send(res, 202, { query_id: id, status: 'executing', msg: 'Cancellation requested.' });
    }
    return send(res, 409, { status: q.state, msg: 'Query is not running.' });
  }

  return send(res, 404, { msg: 'Not found.' });
}

/** Starts the stand-in on 127.0.0.1:0. */
export async function startStandIn(): Promise<StandIn> {
  const holder: { server?: Server } = {};
  const standIn: StandIn = {
    url: '',
    queries: new Map(),
    nextPlan: { polls: 2, outcome: 'completed' },
    requests: [],
    failAll: false,
    close: () =>
      new Promise<void>((resolve, reject) => {
        holder.server?.closeAllConnections();
        holder.server?.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  const server = createServer((req, res) => {
    handle(standIn, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { status: 'Error', msg: `stand-in failure: ${String(err)}` });
      else res.destroy();
    });
  });
  holder.server = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
