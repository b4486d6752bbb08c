import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@flowdeck/log';
import { GatewayError, GatewayErrorCode, internalError } from '../errors.js';
import { drainRequest } from './drain-request.js';

/**
 * The only code that writes a gateway error response. Unknown errors become the fixed 500 body and are logged
 * with their stack; 502s are logged at warn with the upstream's error code. Once headers are sent (a streaming
 * response failed half-way) the socket is destroyed instead, so the client sees a truncated response, never a
 * spliced-in body.
 */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown, log: Logger): void {
  const err = error instanceof GatewayError ? error : internalError(error);
  if (err.code === GatewayErrorCode.Internal) log.error({ err: error }, 'http.internal_error');
  if (err.code === GatewayErrorCode.UpstreamUnavailable) {
    const cause = err.cause as NodeJS.ErrnoException | undefined;
    log.warn({ cause: cause?.code ?? cause?.message }, 'upstream.unavailable');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(err.body);
  res.writeHead(err.status, {
    ...err.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
  drainRequest(req);
}
