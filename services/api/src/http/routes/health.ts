import type { RequestHandler } from 'express';
import type { PublicKeySet } from '@flowdeck/tokens';
import type { RevocationStatus } from '../../adapters/revocation/revocation-list-holder.js';

type CheckValue = 'ok' | 'disabled' | 'stale' | `error: ${string}`;

async function probe(check: () => Promise<void>): Promise<CheckValue> {
  try {
    await check();
    return 'ok';
  } catch (err) {
    const dependency = (err as { dependency?: string }).dependency;
    return `error: ${dependency === undefined ? 'check failed' : `${dependency} unreachable`}`;
  }
}

/**
 * GET/HEAD /health (spec/api.md §11.2): 200 when every check passes (`stale`/`disabled` revocation lists included),
 * else 503 `unavailable` with the failing check's `error: <reason>`.
 */
export function healthRoute(deps: {
  version: string;
  pingFlowdb: () => Promise<void>;
  pingRedis: () => Promise<void>;
  keys: PublicKeySet;
  revocationStatus: () => RevocationStatus;
}): RequestHandler {
  return async function health(_req, res) {
    const [flowdb, redis] = await Promise.all([probe(deps.pingFlowdb), probe(deps.pingRedis)]);
    const checks: Record<string, CheckValue> = {
      flowdb,
      redis,
      public_keys: deps.keys.keys.length > 0 ? 'ok' : 'error: no public keys',
      revocation_list: deps.revocationStatus(),
    };
    const failing = Object.values(checks).some((v) => v.startsWith('error'));
    res.status(failing ? 503 : 200).json({ status: failing ? 'unavailable' : 'ok', service: 'api', version: deps.version, checks });
  };
}
