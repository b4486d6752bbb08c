import type { RequestHandler } from 'express';
import { verifyAuthorizationHeader, type PublicKeySet } from '@flowdeck/tokens';
import { contextOf } from '../request-context.js';

export interface TokenCheckDeps {
  keys: PublicKeySet;
  audience: string;
  leewaySeconds: number;
  now: () => Date;
  isRevoked: (jti: string) => boolean;
}

/**
 * Step 1 of every protected route (spec/api.md §1): verifies the bearer token (spec/tokens.md §6 steps 1-8) and
 * keeps it in the request context. Throws TokenError (401/422).
 */
export function requireToken(deps: TokenCheckDeps): RequestHandler {
  return function requireToken(req, res, next) {
    contextOf(res).token = verifyAuthorizationHeader(req.headers.authorization, {
      keys: deps.keys,
      audience: deps.audience,
      leewaySeconds: deps.leewaySeconds,
      now: Math.floor(deps.now().getTime() / 1000),
      isRevoked: deps.isRevoked,
    });
    next();
  };
}
