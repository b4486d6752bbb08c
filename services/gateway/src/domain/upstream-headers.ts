import type { IncomingHttpHeaders } from 'node:http';
import { stripHopByHop } from './hop-by-hop.js';

/** Client-supplied headers that claim proxy facts; the gateway is the edge, so it sets them itself. */
const SPOOFABLE = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip'];

/**
 * Request headers sent upstream: the client's headers without hop-by-hop headers and `Expect` (the gateway answers
 * 100-continue itself), the original `Host` kept, and X-Request-Id / X-Forwarded-For / -Proto / -Host set by the
 * gateway. X-Forwarded-For is REPLACED by the peer address rather than appended to: the gateway is the edge, and
 * an upstream that reads the first entry must not see a client-chosen address.
 */
export function toUpstreamHeaders(
  incoming: IncomingHttpHeaders,
  ctx: { requestId: string; clientAddress: string; proto: 'https' | 'http' },
): IncomingHttpHeaders {
  const headers = stripHopByHop(incoming);
  delete headers.expect;
  for (const name of SPOOFABLE) delete headers[name];
  headers['x-request-id'] = ctx.requestId;
  headers['x-forwarded-for'] = ctx.clientAddress;
  headers['x-forwarded-proto'] = ctx.proto;
  if (incoming.host !== undefined) headers['x-forwarded-host'] = incoming.host;
  return headers;
}
