import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { Upstream } from '../adapters/upstream.js';
import { bodyTooLarge, upstreamUnavailable, type GatewayError } from '../errors.js';
import { BodyLimit } from './body-limit.js';

export interface ProxyRequestOptions {
  upstream: Upstream;
  /** Normalised origin-form path and query. */
  path: string;
  /** Request headers for the upstream (already rewritten). */
  headers: IncomingHttpHeaders;
  /** Largest body forwarded; beyond it the upstream request is aborted and `fail` gets a 413. */
  maxBodyBytes: number;
  /** Response headers for the client from the upstream's. */
  clientHeaders(upstreamHeaders: IncomingHttpHeaders): OutgoingHttpHeaders;
  /** Called at most once with the refusal to send (413, 502). */
  fail(err: GatewayError): void;
}

/**
 * Streams one request to the upstream and its response back, buffering neither (chunked responses pass through
 * as they arrive). The body is counted while streaming, so a chunked body over the limit is cut at the limit.
 * A client that goes away aborts the upstream request; an upstream that fails before its response head is a 502,
 * after it the client connection is destroyed (truncation, never a spliced body).
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, options: ProxyRequestOptions): void {
  let stopped = false; // the exchange is decided (413, 502, client gone): later upstream errors are expected
  const upstreamReq = options.upstream.request({
    method: req.method ?? 'GET',
    path: options.path,
    headers: options.headers as OutgoingHttpHeaders,
  });
  const limit = new BodyLimit(options.maxBodyBytes, () => {
    stop();
    if (res.headersSent) res.destroy();
    else options.fail(bodyTooLarge());
  });
  const stop = (): void => {
    stopped = true;
    req.unpipe(limit);
    if (!upstreamReq.destroyed) upstreamReq.destroy();
  };

  res.on('close', () => {
    if (!res.writableFinished) stop();
  });
  req.on('error', stop);

  upstreamReq.on('error', (err) => {
    if (stopped) return;
    stop();
    if (!res.headersSent) options.fail(upstreamUnavailable(err));
    else res.destroy();
  });
  upstreamReq.on('response', (upstreamRes) => {
    if (stopped) {
      upstreamRes.destroy();
      return;
    }
    res.writeHead(upstreamRes.statusCode ?? 502, options.clientHeaders(upstreamRes.headers));
    // Send the head at once so a streaming response reaches the client before its first chunk.
    res.flushHeaders();
    pipeline(upstreamRes, res, (err) => {
      if (err) stop();
    });
  });

  // Not pipeline(req, ...): destroying the incoming request would reset the client socket before the 413 is sent.
  req.pipe(limit);
  pipeline(limit, upstreamReq, (err) => {
    // An upstream failure is answered by the 'error' listener above; here only make sure nothing stays open.
    if (err && !upstreamReq.destroyed) upstreamReq.destroy();
  });
}
