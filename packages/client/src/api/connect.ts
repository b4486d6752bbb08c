import { readFileSync } from 'node:fs';
import { Connection } from './connection.js';

export interface ConnectParams {
  /** URL of the API server, e.g. `https://localhost:9090`. */
  url: string;
  /** JWT for this API server. */
  token: string;
  /** Path to a PEM certificate (or CA) to trust instead of the default roots (FlowClient's `ssl_certificate`). */
  sslCertificate?: string | null;
  /** PEM text of a CA to trust (alternative to `sslCertificate`). */
  ca?: string;
  /** API version in the path (default 0). */
  apiVersion?: number;
  /** Socket idle timeout per request in milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** FlowClient's `connect`: a Connection to a Flowdeck (or FlowKit) API. Reads `sslCertificate` once, here. */
export function connect(params: ConnectParams): Connection {
  const ca =
    params.ca ??
    (params.sslCertificate === undefined || params.sslCertificate === null
      ? undefined
      : readFileSync(params.sslCertificate, 'utf8'));
  return new Connection(params.url, params.token, {
    ...(ca === undefined ? {} : { ca }),
    ...(params.apiVersion === undefined ? {} : { apiVersion: params.apiVersion }),
    ...(params.timeoutMs === undefined ? {} : { timeoutMs: params.timeoutMs }),
  });
}
