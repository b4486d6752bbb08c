import { TokenError, TokenErrorCode } from './errors.js';
import { decompressClaims, type RoleClaims } from './claims-compression.js';
import type { PublicKeySet } from './key-set.js';
import { checkJwsHeader, decodeCompactJws, verifyJwsSignature, type JsonObject } from './internal/jws.js';

/** Longest token accepted in an Authorization header (tokens.md §6 step 2). */
export const MAX_TOKEN_CHARS = 64 * 1024;
export const DEFAULT_LEEWAY_SECONDS = 10;
export const MAX_LEEWAY_SECONDS = 300;

/** What a verified token tells the API. `identityMismatch` is set when `identity` disagrees with `sub`. */
export interface VerifiedToken {
  sub: string;
  jti?: string;
  kid?: string;
  exp: number;
  roles: Record<string, string[]>;
  identityMismatch?: true;
}

export interface VerifyOptions {
  keys: PublicKeySet;
  /** This API's `FLOWAPI_IDENTIFIER`. */
  audience: string;
  /** Leeway for exp/nbf/iat, 0..300 s; default 10. */
  leewaySeconds?: number;
  /** Epoch seconds; defaults to the wall clock. */
  now?: number;
  isRevoked?: (jti: string) => boolean;
}

const BEARER = 'Bearer ';

/**
 * Steps 1-8 of tokens.md §6 on the raw Authorization header value (undefined when absent). Throws TokenError
 * with the FlowKit status and body of spec/api.md §2.
 */
export function verifyAuthorizationHeader(header: string | undefined, opts: VerifyOptions): VerifiedToken {
  if (header === undefined) {
    throw new TokenError(TokenErrorCode.MissingAuthorizationHeader, 'Missing Authorization Header');
  }
  const token = header.startsWith(BEARER) ? header.slice(BEARER.length) : '';
  if (token === '' || token.length > MAX_TOKEN_CHARS || /\s/.test(token)) {
    throw new TokenError(
      TokenErrorCode.BadAuthorizationHeader,
      "Bad Authorization header. Expected value 'Bearer <JWT>'",
    );
  }
  return verifyToken(token, opts);
}

function checkOptions(opts: VerifyOptions): { leeway: number; now: number } {
  const leeway = opts.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  if (!Number.isInteger(leeway) || leeway < 0 || leeway > MAX_LEEWAY_SECONDS) {
    throw new TypeError(`leewaySeconds must be an integer from 0 to ${MAX_LEEWAY_SECONDS}.`);
  }
  if (typeof opts.audience !== 'string' || opts.audience === '') throw new TypeError('audience is required.');
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(now)) throw new TypeError('now must be a number of epoch seconds.');
  return { leeway, now };
}

function missing(claim: string): TokenError {
  return new TokenError(TokenErrorCode.MissingClaim, `Token is missing the "${claim}" claim`, { claim });
}

function numericClaim(payload: JsonObject, claim: string, label: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TokenError(TokenErrorCode.InvalidClaim, `${label} claim (${claim}) must be an integer.`, { claim });
  }
  return value;
}

/** Step 6 of tokens.md §6, in the order listed there. Returns `exp`. */
function checkTimesAndAudience(payload: JsonObject, audience: string, now: number, leeway: number): number {
  const exp = numericClaim(payload, 'exp', 'Expiration Time');
  if (exp === undefined) throw missing('exp');
  if (exp <= now - leeway) throw new TokenError(TokenErrorCode.TokenExpired, 'Token has expired', { claim: 'exp' });
  const nbf = numericClaim(payload, 'nbf', 'Not Before');
  if (nbf !== undefined && nbf > now + leeway) {
    throw new TokenError(TokenErrorCode.TokenNotYetValid, 'The token is not yet valid (nbf)', { claim: 'nbf' });
  }
  const iat = numericClaim(payload, 'iat', 'Issued At');
  if (iat === undefined) throw missing('iat');
  if (iat > now + leeway) {
    throw new TokenError(TokenErrorCode.TokenNotYetValid, 'The token is not yet valid (iat)', { claim: 'iat' });
  }
  const aud = payload.aud;
  if (aud === undefined) throw missing('aud');
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(audience)) {
    throw new TokenError(TokenErrorCode.InvalidAudience, 'Invalid audience', { claim: 'aud' });
  }
  return exp;
}

/** Steps 3-8 of tokens.md §6 on a bare compact JWT. */
export function verifyToken(token: string, opts: VerifyOptions): VerifiedToken {
  const { leeway, now } = checkOptions(opts);
  const jws = decodeCompactJws(token);
  checkJwsHeader(jws.header);
  const kid = verifyJwsSignature(jws, opts.keys);
  const { payload } = jws;
  const exp = checkTimesAndAudience(payload, opts.audience, now, leeway);
  const sub = payload.sub;
  if (typeof sub !== 'string') {
    throw new TokenError(TokenErrorCode.MissingClaim, 'Missing claim: sub', { claim: 'sub' });
  }
  const jti = typeof payload.jti === 'string' ? payload.jti : undefined;
  if (jti !== undefined && opts.isRevoked?.(jti) === true) {
    throw new TokenError(TokenErrorCode.TokenRevoked, 'Token has been revoked', { claim: 'jti' });
  }
  const roles: RoleClaims = payload.user_claims === undefined ? {} : decompressClaims(payload.user_claims);
  const verified: VerifiedToken = { sub, exp, roles, kid };
  if (jti !== undefined) verified.jti = jti;
  if (payload.identity !== undefined && payload.identity !== sub) verified.identityMismatch = true;
  return verified;
}
