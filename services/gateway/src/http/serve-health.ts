import type { ServerResponse } from 'node:http';
import { checkUpstreamHealth } from '../adapters/upstream-health.js';
import type { Upstream } from '../adapters/upstream.js';
import { healthReport } from '../domain/health-report.js';

/** Per-upstream timeout of the health checks. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/**
 * The gateway's own `GET|HEAD /health` (spec/api.md §11.2, deployment.md §7): checks `api` and `auth`, each OK when
 * its `/health` answers 200; 503 when any fails. HEAD gets the same status without a body (Node omits it).
 */
export async function serveHealth(
  res: ServerResponse,
  deps: { version: string; upstreams: { api: Upstream; auth: Upstream }; requestId: string },
): Promise<void> {
  const opts = { timeoutMs: HEALTH_CHECK_TIMEOUT_MS, requestId: deps.requestId };
  const [api, auth] = await Promise.all([checkUpstreamHealth(deps.upstreams.api, opts), checkUpstreamHealth(deps.upstreams.auth, opts)]);
  const report = healthReport(deps.version, { api, auth });
  const body = JSON.stringify(report.body);
  res.writeHead(report.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
