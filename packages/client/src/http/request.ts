import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpRequestOptions {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless a Buffer or string. */
  body?: unknown;
  /** PEM of a CA to trust (the self-signed certificate of a local deployment). */
  ca?: string;
  timeoutMs?: number;
  /**
   * The request may be sent twice with the same effect (GET and HEAD always are). FlowAPI's routes all are: a run
   * registers the deterministic id of its spec, so a second send finds the same query.
   */
  idempotent?: boolean;
}

/**
 * One HTTP(S) request with the whole response body read; used by the CLI and the admin clients. An idempotent
 * request (GET, HEAD, or one marked `idempotent`) whose kept-alive socket was closed by the server just as it was
 * reused (the keep-alive race: ECONNRESET on a reused socket) is sent once more on a fresh connection; nothing else
 * is retried.
 */
export async function requestHttp(options: HttpRequestOptions): Promise<HttpResponse> {
  try {
    return await sendOnce(options);
  } catch (err) {
    const method = (options.method ?? 'GET').toUpperCase();
    const idempotent = options.idempotent === true || method === 'GET' || method === 'HEAD';
    if ((err as StaleSocketError).staleSocket && idempotent) return sendOnce(options);
    throw err;
  }
}

interface StaleSocketError extends Error {
  staleSocket?: boolean;
}

function sendOnce(options: HttpRequestOptions): Promise<HttpResponse> {
  const url = new URL(options.url);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    if (Buffer.isBuffer(options.body)) payload = options.body;
    else if (typeof options.body === 'string') payload = Buffer.from(options.body);
    else {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
    headers['content-length'] = String(payload.length);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: options.method ?? 'GET', headers, ca: options.ca, timeout: options.timeoutMs ?? 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString('utf8'),
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url.origin}${url.pathname} timed out`)));
    req.on('error', (err: StaleSocketError) => {
      if (req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') err.staleSocket = true;
      reject(err);
    });
    req.end(payload);
  });
}
