import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { requestHttp, type HttpResponse } from '../http/request.js';
import { FlowclientConnectionError, type FlowclientErrorCode } from './flowclient-connection-error.js';

/** A reply whose body was read whole; `json()` is undefined when the body is not JSON (FlowKit's HTML 404s). */
export interface ApiReply {
  status: number;
  headers: HttpResponse['headers'];
  text(): string;
  json(): unknown;
}

export interface ApiTransportOptions {
  /** Base URL of the API, e.g. `https://localhost:9090` (a path prefix is kept). */
  url: string;
  token: string;
  /** PEM text of a CA to trust (the self-signed certificate of a local deployment). */
  ca?: string;
  /** `/api/<apiVersion>/...` (default 0). */
  apiVersion?: number;
  /** Socket idle timeout per request in milliseconds (default 60 000). */
  timeoutMs?: number;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** One authenticated HTTP exchange with the API: routes are relative to `/api/<version>/`, as in FlowClient. */
export class ApiTransport {
  readonly url: string;
  readonly apiVersion: number;

  constructor(private readonly options: ApiTransportOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.apiVersion = options.apiVersion ?? 0;
  }

  /** Absolute URL of a route (`run`, `poll/<id>`); a leading `/api/<n>/` (a `Location` header) is stripped first. */
  routeUrl(route: string): string {
    return `${this.url}/api/${this.apiVersion}/${route.replace(/^\/?api\/[0-9]+\//, '').replace(/^\//, '')}`;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}` };
  }

  /** Sends a request and reads the whole reply; throws FlowclientConnectionError UNREACHABLE on network failure. */
  async send(method: string, route: string, body?: unknown): Promise<ApiReply> {
    let res: HttpResponse;
    try {
      res = await requestHttp({
        method,
        url: this.routeUrl(route),
        headers: this.headers(),
        body,
        ca: this.options.ca,
        timeoutMs: this.options.timeoutMs,
        idempotent: true,
      });
    } catch (err) {
      throw this.unreachable(err);
    }
    let parsed: unknown;
    let parsedYet = false;
    return {
      status: res.status,
      headers: res.headers,
      text: () => res.text(),
      json: () => {
        if (!parsedYet) {
          parsed = parseJson(res.body);
          parsedYet = true;
        }
        return parsed;
      },
    };
  }

  /**
   * Opens a GET and hands back the response stream unread (results can be large; spec/api.md §6 streams them).
   * The caller must consume or destroy it.
   */
  open(route: string): Promise<IncomingMessage> {
    const url = new URL(this.routeUrl(route));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'GET', headers: this.headers(), ca: this.options.ca }, resolve);
      req.setTimeout(this.options.timeoutMs ?? 60_000, () => req.destroy(new Error('request timed out')));
      req.on('error', (err) => reject(this.unreachable(err)));
      req.end();
    });
  }

  private unreachable(err: unknown): FlowclientConnectionError {
    const reason = err instanceof Error ? err.message : String(err);
    return new FlowclientConnectionError('UNREACHABLE', `Unable to connect to FlowKit API at ${this.url}: ${reason}`, {
      cause: err,
    });
  }
}

/** Reads a whole stream into an ApiReply (for error bodies of streamed requests). */
export async function readReply(res: IncomingMessage): Promise<ApiReply> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    text: () => body.toString('utf8'),
    json: () => parseJson(body),
  };
}

function codeForStatus(status: number): FlowclientErrorCode {
  if (status === 401 || status === 403 || status === 422) return 'ACCESS_DENIED';
  if (status === 400 || status === 413) return 'BAD_REQUEST';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  return 'UNEXPECTED_RESPONSE';
}

/**
 * The error for a reply with an unwanted status: code from the status (unless given), the server's `msg`, its query
 * `status` and `payload` when present. `what` names the action (`Error running the query`, `Could not get result`).
 */
export function replyError(reply: ApiReply, what: string, code?: FlowclientErrorCode): FlowclientConnectionError {
  const body = reply.json();
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const serverMsg = typeof record['msg'] === 'string' ? record['msg'] : undefined;
  const queryStatus = typeof record['status'] === 'string' ? record['status'] : undefined;
  const msg = serverMsg ?? (reply.status === 401 || reply.status === 403 ? 'Unknown access denied error' : 'Unknown error');
  const statusPart = queryStatus === undefined ? '' : ` and status '${queryStatus}'`;
  return new FlowclientConnectionError(
    code ?? codeForStatus(reply.status),
    `${what}: ${msg} (API returned with status code ${reply.status}${statusPart})`,
    { status: reply.status, msg, queryStatus, payload: record['payload'] },
  );
}
