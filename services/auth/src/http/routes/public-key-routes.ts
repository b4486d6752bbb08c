import { Router, type Request, type Response } from 'express';
import { publicKeyToJwk, signRevocationList, type SigningKey } from '@flowdeck/tokens';
import type { Deps } from '../../deps.js';
import { revokedUnexpired } from '../../adapters/postgres/tokens.js';
import { route } from '../middleware/route.js';

/** SPKI PEM of a key's public half, without the trailing newline (auth.md §8). */
export function publicKeyPem(key: SigningKey): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }).toString().trimEnd();
}

/** Session-less routes: JWKS (auth.md §11.6) and the signed revocation list (§11.2, tokens.md §8). */
export function publicKeyRoutes(deps: Deps): Router {
  const router = Router();
  route(router, '/.well-known/jwks.json', {
    get: [
      (_req: Request, res: Response) => {
        res.json({ keys: deps.signingKeys.map((k) => ({ ...publicKeyToJwk(k.publicKey), kid: k.kid, use: 'sig', alg: 'RS256' })) });
      },
    ],
  });
  route(router, '/revocations.jwt', {
    get: [
      async (_req: Request, res: Response) => {
        const now = deps.now();
        const entries = await revokedUnexpired(deps.db, now);
        const jws = signRevocationList({ key: deps.signingKeys[0]!, entries, now: Math.floor(now.getTime() / 1000) });
        res.type('application/jwt').send(jws);
      },
    ],
  });
  return router;
}
