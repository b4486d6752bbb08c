import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { route } from '../middleware/route.js';

type Check = () => Promise<void> | void;

/** A short reason for a failed check, never a stack or driver text beyond one line. */
function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return `error: ${msg.split('\n')[0]!.slice(0, 120)}`;
}

/** GET /health (api.md §11.2 shape; deployment.md §7 checks: database, replay_store, signing_key, encryption_keys). */
export function healthRoutes(deps: Deps): Router {
  const router = Router();
  const checks: Record<string, Check> = {
    database: async () => {
      await deps.db.raw('SELECT 1');
    },
    replay_store: () => deps.replayStore.check(),
    signing_key: () => {
      if (deps.signingKeys.length === 0) throw new Error('no signing key');
    },
    encryption_keys: () => {
      const probe = 'health';
      if (deps.keyRing.decrypt(deps.keyRing.encrypt(probe, 'health.probe'), 'health.probe') !== probe) throw new Error('round trip failed');
    },
  };
  route(router, '/health', {
    get: [
      async function health(_req: Request, res: Response) {
        const results: Record<string, string> = {};
        await Promise.all(
          Object.entries(checks).map(async ([name, check]) => {
            try {
              await check();
              results[name] = 'ok';
            } catch (err) {
              results[name] = reason(err);
            }
          }),
        );
        const ok = Object.values(results).every((v) => v === 'ok');
        const ordered = Object.fromEntries(Object.keys(checks).map((k) => [k, results[k]]));
        res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', service: 'auth', version: deps.version, checks: ordered });
      },
    ],
  });
  return router;
}
