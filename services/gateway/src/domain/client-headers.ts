import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { stripHopByHop } from './hop-by-hop.js';
import { ENFORCED_SECURITY_HEADERS } from './security-headers.js';

/**
 * Response headers sent to the client: the upstream's, without hop-by-hop headers, with the gateway's request id
 * and enforced security headers replacing upstream values, and default headers (auth CSP) added when absent.
 */
export function toClientHeaders(
  upstream: IncomingHttpHeaders,
  ctx: { requestId: string; enforced: Record<string, string>; defaults: Record<string, string> },
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = stripHopByHop(upstream);
  for (const name of ENFORCED_SECURITY_HEADERS) delete headers[name];
  for (const [name, value] of Object.entries(ctx.defaults)) if (headers[name] === undefined) headers[name] = value;
  Object.assign(headers, ctx.enforced);
  headers['x-request-id'] = ctx.requestId;
  return headers;
}
