import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { APIQuery } from './api-query.js';
import { ApiTransport, readReply, replyError, type ApiReply } from './api-transport.js';
import { FlowclientConnectionError } from './flowclient-connection-error.js';

/** Wire formats of `/api/0/get/<id>[.<format>]` (spec/api.md §6). */
export type ResultFormat = 'json' | 'csv' | 'geojson';
/** What `getResult` hands back: rows of the JSON result, CSV text, or the GeoJSON object. */
export type ResultKind = 'rows' | 'csv' | 'geojson';

/** A spec body as sent (validation is the server's job). */
export type SpecBody = Record<string, unknown>;
export type ResultRow = Record<string, unknown>;

/** Query progress of spec/query-kinds.md §8. */
export interface Progress {
  eligible: number;
  queued: number;
  running: number;
}

/** A poll reply's body: `status`, and `progress` on 202. */
export interface PollStatus {
  status: string;
  progress?: Progress;
  msg?: string;
}

/** FlowClient's `get_status` values; `not_running` stands for every 404 (known, resetting, awol). */
export type QueryStatus = 'completed' | 'executing' | 'queued' | 'errored' | 'cancelled' | 'not_running' | (string & {});

export interface WaitOptions {
  /** Give up after this many milliseconds (default 300 000; `Infinity` waits for ever). */
  timeoutMs?: number;
  /** Pause between polls in milliseconds (default 1 000, FlowClient's `poll_interval`). */
  intervalMs?: number;
  /** Called with every 202 poll body (status and progress). */
  onProgress?: (status: PollStatus) => void;
  signal?: AbortSignal;
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  features: Record<string, unknown>[];
}

export interface CancelReply {
  query_id: string;
  status: string;
  msg?: string;
}

export interface ConnectionOptions {
  /** PEM text of a CA to trust. */
  ca?: string;
  /** API version in the path (default 0). */
  apiVersion?: number;
  /** Socket idle timeout per request in milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** One poll, classified. */
type PollOutcome =
  | { kind: 'ready' }
  | { kind: 'running'; body: PollStatus }
  | { kind: 'not_running'; body: PollStatus }
  | { kind: 'failed'; body: PollStatus; reply: ApiReply };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function pollBody(reply: ApiReply, fallbackStatus: string): PollStatus {
  const body = asRecord(reply.json());
  const status = typeof body['status'] === 'string' ? body['status'] : fallbackStatus;
  const out: PollStatus = { status };
  if (typeof body['msg'] === 'string') out.msg = body['msg'];
  const progress = asRecord(body['progress']);
  if (['eligible', 'queued', 'running'].every((k) => typeof progress[k] === 'number')) {
    out.progress = progress as unknown as Progress;
  }
  return out;
}

/**
 * A connection to a Flowdeck (or FlowKit) API, mirroring FlowClient's `Connection` and the functions of its
 * `client.py`: run a spec, poll it, wait for it, fetch its result, the geography and the available dates, and (a
 * Flowdeck extension) cancel it. Every failure is a `FlowclientConnectionError` carrying the server's `msg`.
 */
export class Connection {
  private readonly transport: ApiTransport;

  constructor(
    readonly url: string,
    token: string,
    options: ConnectionOptions = {},
  ) {
    this.transport = new ApiTransport({ url, token, ...options });
  }

  get apiVersion(): number {
    return this.transport.apiVersion;
  }

  /** FlowClient's `make_api_query`. */
  makeApiQuery(parameters: SpecBody): APIQuery {
    return new APIQuery(this, parameters);
  }

  /** POST /api/0/run; returns the query id taken from the last segment of `Location`, as FlowClient does. */
  async runQuery(spec: SpecBody): Promise<string> {
    const reply = await this.transport.send('POST', 'run', spec);
    if (reply.status !== 202) throw replyError(reply, 'Error running the query');
    const location = reply.headers.location;
    const fromLocation = typeof location === 'string' ? location.split('/').pop() : undefined;
    const id = fromLocation || asRecord(reply.json())['query_id'];
    if (typeof id !== 'string' || id === '') {
      throw new FlowclientConnectionError('UNEXPECTED_RESPONSE', 'The API accepted the query but gave no query id.', {
        status: reply.status,
      });
    }
    return id;
  }

  private async poll(queryId: string): Promise<PollOutcome> {
    const reply = await this.transport.send('GET', `poll/${encodeURIComponent(queryId)}`);
    if (reply.status === 303) return { kind: 'ready' };
    if (reply.status === 202) return { kind: 'running', body: pollBody(reply, '') };
    if (reply.status === 404) return { kind: 'not_running', body: pollBody(reply, 'not_running') };
    const body = pollBody(reply, '');
    if (reply.status === 500 && (body.status === 'errored' || body.status === 'cancelled')) {
      return { kind: 'failed', body, reply };
    }
    throw replyError(reply, 'Could not poll the query');
  }

  /** GET /api/0/poll/<id> as the server's body: `completed` on 303, else the reported status (404/500 bodies too). */
  async queryStatus(queryId: string): Promise<PollStatus> {
    const outcome = await this.poll(queryId);
    return outcome.kind === 'ready' ? { status: 'completed' } : outcome.body;
  }

  /**
   * FlowClient's `get_status`: `completed` (303), the reported `queued`/`executing` (202), `errored`/`cancelled` (500),
   * or `not_running` for any 404 (FlowClient cannot tell known, resetting and unknown ids apart, nor can we).
   */
  async getStatus(queryId: string): Promise<QueryStatus> {
    return (await this.pollStatus(queryId)).status;
  }

  /** `getStatus` with the progress (202) and message (500) of the same poll. */
  async pollStatus(queryId: string): Promise<{ status: QueryStatus; progress?: Progress; msg?: string }> {
    const outcome = await this.poll(queryId);
    if (outcome.kind === 'ready') return { status: 'completed' };
    if (outcome.kind === 'not_running') return { status: 'not_running' };
    if (outcome.body.status === '') {
      throw new FlowclientConnectionError('UNEXPECTED_RESPONSE', 'No status reported.');
    }
    return outcome.body;
  }

  /**
   * Polls until the query completes. Throws FlowclientConnectionError `QUERY_FAILED` when it errors or is cancelled
   * (with the server's message), `NOT_FOUND` when the server does not know it as running (404), `TIMEOUT` after
   * `timeoutMs`.
   */
  async waitForQuery(queryId: string, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 300_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outcome = await this.poll(queryId);
      if (outcome.kind === 'ready') return;
      if (outcome.kind === 'failed') {
        const { status, msg } = outcome.body;
        throw new FlowclientConnectionError('QUERY_FAILED', `Query ${queryId} ${status}${msg ? `: ${msg}` : '.'}`, {
          status: outcome.reply.status,
          msg: msg ?? '',
          queryStatus: status,
        });
      }
      if (outcome.kind === 'not_running') {
        throw new FlowclientConnectionError(
          'NOT_FOUND',
          `Query ${queryId} is not running (status '${outcome.body.status}'); run it again.`,
          { status: 404, msg: outcome.body.msg ?? '', queryStatus: outcome.body.status },
        );
      }
      options.onProgress?.(outcome.body);
      const intervalMs = options.intervalMs ?? 1_000;
      if (Date.now() + intervalMs > deadline) {
        throw new FlowclientConnectionError(
          'TIMEOUT',
          `Query ${queryId} did not finish within ${timeoutMs} ms (last status ${outcome.body.status}).`,
          { queryStatus: outcome.body.status },
        );
      }
      await sleep(intervalMs, undefined, { signal: options.signal });
    }
  }

  private resultRoute(queryId: string, format: ResultFormat): string {
    return `get/${encodeURIComponent(queryId)}${format === 'json' ? '' : `.${format}`}`;
  }

  private notReady(queryId: string): FlowclientConnectionError {
    return new FlowclientConnectionError('NOT_READY', `Query ${queryId} is not ready yet.`, { status: 202 });
  }

  /** GET /api/0/get/<id>[.<format>] as text (no waiting: a 202 throws `NOT_READY`). */
  async getResultText(queryId: string, format: ResultFormat = 'json'): Promise<string> {
    const reply = await this.transport.send('GET', this.resultRoute(queryId, format));
    if (reply.status === 200) return reply.text();
    if (reply.status === 202) throw this.notReady(queryId);
    throw replyError(reply, 'Could not get result');
  }

  /**
   * The result of a completed query: its rows (default), CSV text, or the GeoJSON object. With `wait`, waits for the
   * query first (FlowClient's `get_result_by_query_id`); without it a query that is still running throws `NOT_READY`.
   */
  getResult(queryId: string, format?: 'rows', options?: { wait?: WaitOptions }): Promise<ResultRow[]>;
  getResult(queryId: string, format: 'csv', options?: { wait?: WaitOptions }): Promise<string>;
  getResult(queryId: string, format: 'geojson', options?: { wait?: WaitOptions }): Promise<GeoJsonFeatureCollection>;
  async getResult(
    queryId: string,
    format: ResultKind = 'rows',
    options: { wait?: WaitOptions } = {},
  ): Promise<ResultRow[] | string | GeoJsonFeatureCollection> {
    if (options.wait) await this.waitForQuery(queryId, options.wait);
    if (format === 'csv') return this.getResultText(queryId, 'csv');
    const text = await this.getResultText(queryId, format === 'rows' ? 'json' : 'geojson');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new FlowclientConnectionError('UNEXPECTED_RESPONSE', `The result of query ${queryId} is not valid JSON.`, {
        status: 200,
        cause: err,
      });
    }
    if (format === 'geojson') return parsed as GeoJsonFeatureCollection;
    const rows = asRecord(parsed)['query_result'];
    if (!Array.isArray(rows)) {
      throw new FlowclientConnectionError('UNEXPECTED_RESPONSE', `The result of query ${queryId} has no query_result.`, {
        status: 200,
      });
    }
    return rows as ResultRow[];
  }

  /**
   * Streams GET /api/0/get/<id>[.<format>] into `destination` without holding it in memory (respecting back-pressure;
   * `destination` is not ended). A connection cut mid-body (the server aborts on a failure, spec/api.md §6) throws
   * `UNEXPECTED_RESPONSE`; a 202 throws `NOT_READY`.
   */
  async downloadResult(queryId: string, format: ResultFormat, destination: Writable): Promise<void> {
    const res = await this.transport.open(this.resultRoute(queryId, format));
    if (res.statusCode !== 200) {
      const reply = await readReply(res);
      if (reply.status === 202) throw this.notReady(queryId);
      throw replyError(reply, 'Could not get result');
    }
    try {
      for await (const chunk of res) {
        if (!destination.write(chunk)) await once(destination, 'drain');
      }
    } catch (err) {
      throw new FlowclientConnectionError(
        'UNEXPECTED_RESPONSE',
        `The result of query ${queryId} was cut off before its end; the file is incomplete.`,
        { status: 200, cause: err },
      );
    }
    if (!res.complete) {
      throw new FlowclientConnectionError(
        'UNEXPECTED_RESPONSE',
        `The result of query ${queryId} was cut off before its end; the file is incomplete.`,
        { status: 200 },
      );
    }
  }

  /** The rows of a completed query's JSON result (kept for existing callers; same as `getResult(id)`). */
  async runAndGet(spec: SpecBody, options?: WaitOptions): Promise<ResultRow[]> {
    const id = await this.runQuery(spec);
    await this.waitForQuery(id, options);
    return this.getResult(id);
  }

  /** FlowClient's `get_geography`: GET /api/0/geography/<unit> as a GeoJSON FeatureCollection. */
  async getGeography(aggregationUnit: string): Promise<GeoJsonFeatureCollection> {
    const reply = await this.transport.send('GET', `geography/${encodeURIComponent(aggregationUnit)}`);
    if (reply.status !== 200) throw replyError(reply, 'Could not get result');
    const body = reply.json();
    if (body === undefined) {
      throw new FlowclientConnectionError('UNEXPECTED_RESPONSE', 'The geography is not valid JSON.', { status: 200 });
    }
    return body as GeoJsonFeatureCollection;
  }

  /**
   * FlowClient's `get_available_dates`: `{ <event type>: ["YYYY-MM-DD", ...] }`, filtered here to `eventTypes` when
   * given (the server ignores any filter, spec/api.md §8).
   */
  async getAvailableDates(options: { eventTypes?: readonly string[] | null } = {}): Promise<Record<string, string[]>> {
    const reply = await this.transport.send('GET', 'available_dates');
    if (reply.status !== 200) throw replyError(reply, 'Could not get available dates');
    const dates = asRecord(asRecord(reply.json())['available_dates']) as Record<string, string[]>;
    const wanted = options.eventTypes;
    if (wanted === undefined || wanted === null) return dates;
    return Object.fromEntries(Object.entries(dates).filter(([type]) => wanted.includes(type)));
  }

  /**
   * **Extension** (spec/api.md §11.1): DELETE /api/0/run/<id>. Resolves with the server's body on 200 (cancelled) or
   * 202 (cancellation requested); 409 throws `CONFLICT`, 404 `NOT_FOUND`.
   */
  async cancel(queryId: string): Promise<CancelReply> {
    const reply = await this.transport.send('DELETE', `run/${encodeURIComponent(queryId)}`);
    if (reply.status !== 200 && reply.status !== 202) throw replyError(reply, 'Could not cancel the query');
    const body = asRecord(reply.json());
    return {
      query_id: typeof body['query_id'] === 'string' ? body['query_id'] : queryId,
      status: typeof body['status'] === 'string' ? body['status'] : 'cancelled',
      ...(typeof body['msg'] === 'string' ? { msg: body['msg'] } : {}),
    };
  }
}
