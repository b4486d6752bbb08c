import type { CheckResult } from '../domain/health-report.js';
import type { Upstream } from './upstream.js';

/**
 * One health check: `ok` when the upstream answers `GET /health` with 200 within `timeoutMs`, otherwise
 * `error: <short reason>`. Never throws.
 */
export function checkUpstreamHealth(upstream: Upstream, options: { timeoutMs: number; requestId: string }): Promise<CheckResult> {
  return new Promise((resolve) => {
    const req = upstream.request({
      method: 'GET',
      path: '/health',
      headers: { 'x-request-id': options.requestId, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ok' : `error: status ${res.statusCode ?? 'unknown'}`);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      resolve(err.name === 'AbortError' ? 'error: timeout' : `error: unreachable (${err.code ?? err.name})`);
    });
    req.end();
  });
}
