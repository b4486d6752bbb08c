import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { UpstreamName } from '../domain/listeners.js';

/** Header section size accepted on every hop (spec/api.md §1: at least 64 KiB; FlowKit tokens reach ~24 000 chars). */
export const MAX_HEADER_BYTES = 128 * 1024;

/** One upstream service: where it is and a keep-alive connection pool to it. */
export interface Upstream {
  readonly name: UpstreamName;
  /** `http(s)://host:port` */
  readonly origin: string;
  /** Starts a request to `path` (origin-form) on this upstream. */
  request(options: { method: string; path: string; headers: http.OutgoingHttpHeaders; signal?: AbortSignal }): http.ClientRequest;
  /** Closes pooled connections. */
  close(): void;
}

/**
 * Creates an upstream. An https:// upstream is verified against the public roots plus `extraCa` (the gateway's own
 * `cert-flowkit.pem`, which the api may also serve).
 */
export function createUpstream(name: UpstreamName, origin: string, options: { extraCa?: string } = {}): Upstream {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        ca: options.extraCa !== undefined ? [...rootCertificates, options.extraCa] : undefined,
      })
    : new http.Agent({ keepAlive: true });
  const send = secure ? https.request : http.request;
  return {
    name,
    origin: url.origin,
    request: ({ method, path, headers, signal }) =>
      send({
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        method,
        path,
        headers,
        agent,
        signal,
        maxHeaderSize: MAX_HEADER_BYTES,
      }),
    close: () => agent.destroy(),
  };
}
