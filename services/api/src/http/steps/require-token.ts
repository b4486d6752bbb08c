import type { RequestHandler } from 'express';
import { TokenError, TokenErrorCode, verifyAuthorizationHeader, type PublicKeySet, type VerifiedToken } from '@flowdeck/tokens';
import { contextOf } from '../request-context.js';

export interface TokenCheckDeps {
  keys: PublicKeySet;
  audience: string;
  leewaySeconds: number;
  now: () => Date;
  isRevoked: (jti: string) => boolean;
}

/** Longest a verification result is reused (tokens.md §6: at most 60 s and at most the token's remaining lifetime). */
export const VERIFICATION_CACHE_SECONDS = 60;
/** Entries kept at most; the oldest is dropped first. */
export const VERIFICATION_CACHE_ENTRIES = 1_000;

/**
 * Successful verifications keyed by the raw Authorization header, each valid until min(now + 60 s, exp). Only
 * successes are cached; a cached token is still checked against the revocation list on every request.
 */
export class VerificationCache {
  private readonly entries = new Map<string, { token: VerifiedToken; until: number }>();

  get(header: string, nowSeconds: number): VerifiedToken | undefined {
    const hit = this.entries.get(header);
    if (hit === undefined) return undefined;
    if (nowSeconds >= hit.until) {
      this.entries.delete(header);
      return undefined;
    }
    return hit.token;
  }

  set(header: string, token: VerifiedToken, nowSeconds: number): void {
    const until = Math.min(nowSeconds + VERIFICATION_CACHE_SECONDS, token.exp);
    if (until <= nowSeconds) return;
    if (this.entries.size >= VERIFICATION_CACHE_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(header, { token, until });
  }
}

/**
 * Step 1 of every protected route (spec/api.md §1): verifies the bearer token (spec/tokens.md §6 steps 1-8) and
 * keeps it in the request context. Throws TokenError (401/422). Results are cached per header (VerificationCache).
 */
export function requireToken(deps: TokenCheckDeps): RequestHandler {
  const cache = new VerificationCache();
  return function requireToken(req, res, next) {
    const header = req.headers.authorization;
    const now = Math.floor(deps.now().getTime() / 1000);
    const cached = header === undefined ? undefined : cache.get(header, now);
    if (cached !== undefined) {
      if (cached.jti !== undefined && deps.isRevoked(cached.jti)) {
        throw new TokenError(TokenErrorCode.TokenRevoked, 'Token has been revoked', { claim: 'jti' });
      }
      contextOf(res).token = cached;
      next();
      return;
    }
    const token = verifyAuthorizationHeader(header, {
      keys: deps.keys,
      audience: deps.audience,
      leewaySeconds: deps.leewaySeconds,
      now,
      isRevoked: deps.isRevoked,
    });
    if (header !== undefined) cache.set(header, token, now);
    contextOf(res).token = token;
    next();
  };
}
