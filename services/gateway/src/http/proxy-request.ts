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
  let stopped = false; // the gateway itself ended the exchange (413 or client gone): later errors are expected
  const upstreamReq = options.upstream.request({
    method: req.method ?? 'GET',
    path: options.path,
    headers: options.headers as OutgoingHttpHeaders,
  });
  const abortUpstream = (): void => {
    stopped = true;
    if (!upstreamReq.destroyed) upstreamReq.destroy();
  };

  res.on('close', () => {
    if (!res.writableFinished) abortUpstream();
  });
  req.on('error', abortUpstream);

  upstreamReq.on('error', (err) => {
    if (stopped) return;
    stopped = true;
    if (!res.headersSent) options.fail(upstreamUnavailable(err));
    else res.destroy();
  });
  upstreamReq.on('response', (upstreamRes) => {
    if (stopped) {
      upstreamRes.destroy();
      return;
    }
    res.writeHead(upstreamRes.statusCode ?? 502, options.clientHeaders(upstreamRes.headers));
    // Flush the head at once so streaming responses start before their first chunk.
    res.flushHeaders();
    pipeline(upstreamRes, res, (err) => {
      if (err) abortUpstream();
    });
  });

  const limit = new BodyLimit(options.maxBodyBytes, () => {
    req.unpipe(limit);
    abortUpstream();
    if (res.headersSent) res.destroy();
    else options.fail(bodyTooLarge());
  });
  // Not pipeline(req, ...): destroying the incoming request would destroy the client socket before the 413 is sent.
  req.pipe(limit);
  pipeline(limit, upstreamReq, (err) => {
    // Upstream request errors are answered by the 'error' listener above; a failed limit stream means we aborted.
    if (err && !stopped) abortUpstream();
  });
}
