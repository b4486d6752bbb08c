import type { Request, Response } from 'express';

/** One named check: resolves to `ok` (or another non-failing status word), or throws / returns `error: <reason>`. */
export type HealthCheck = () => Promise<string>;

const CHECK_TIMEOUT_MS = 3000;

async function runCheck(check: HealthCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('error: timed out'), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    return `error: ${(err as { code?: string }).code ?? 'unavailable'}`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET/HEAD /health in the shape of api.md §11.2: `{status, service, version, checks}`; any check starting with
 * `error` answers 503 `unavailable`.
 */
export function healthRoute(o: { service: string; version: string; checks: Record<string, HealthCheck> }) {
  return async (req: Request, res: Response): Promise<void> => {
    const names = Object.keys(o.checks);
    const values = await Promise.all(names.map((n) => runCheck(o.checks[n]!)));
    const checks = Object.fromEntries(names.map((n, i) => [n, values[i]!]));
    const failing = values.some((v) => v.startsWith('error'));
    res.status(failing ? 503 : 200);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.json({ status: failing ? 'unavailable' : 'ok', service: o.service, version: o.version, checks });
  };
}
