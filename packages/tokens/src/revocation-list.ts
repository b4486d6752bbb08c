import { RevocationListError, TokenError } from './errors.js';
import type { PublicKeySet, SigningKey } from './key-set.js';
import { checkJwsHeader, decodeCompactJws, signCompactJws, verifyJwsSignature } from './internal/jws.js';

/** `typ` member of a revocation list payload (tokens.md §8). */
export const REVOCATION_LIST_TYPE = 'flowdeck-revocations';

export interface RevocationEntry {
  jti: string;
  aud: string;
  /** Epoch seconds: the revoked token's own expiry. */
  exp: number;
}

export interface RevocationList {
  /** Epoch seconds the list was signed at; a holder refuses a list older than the one it has. */
  iat: number;
  /** Unexpired entries for the requested audience only. */
  revoked: RevocationEntry[];
}

/** Signs the revocation list of tokens.md §8 with auth's current key; entries already expired are left out. */
export function signRevocationList(opts: { key: SigningKey; entries: readonly RevocationEntry[]; now: number }): string {
  if (!Number.isInteger(opts.now)) throw new TypeError('now must be integer epoch seconds.');
  const revoked = opts.entries
    .filter((e) => e.exp > opts.now)
    .map((e) => ({ jti: e.jti, aud: e.aud, exp: e.exp }));
  return signCompactJws(
    { alg: 'RS256', typ: 'JWT', kid: opts.key.kid },
    { typ: REVOCATION_LIST_TYPE, iat: opts.now, revoked },
    opts.key.privateKey,
  );
}

function isEntry(value: unknown): value is RevocationEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.jti === 'string' && typeof e.aud === 'string' && Number.isInteger(e.exp);
}

/**
 * Verifies a revocation list against the API's public keys and returns its `iat` and the unexpired entries
 * for `audience`. Throws RevocationListError when the signature, header or payload is wrong. Rollback
 * protection (refusing an older `iat`) is the caller's, which knows the list it holds.
 */
export function verifyRevocationList(
  jws: string,
  opts: { keys: PublicKeySet; audience: string; now: number },
): RevocationList {
  let payload: Record<string, unknown>;
  try {
    const decoded = decodeCompactJws(jws.trim());
    checkJwsHeader(decoded.header);
    verifyJwsSignature(decoded, opts.keys);
    payload = decoded.payload;
  } catch (err) {
    if (err instanceof TokenError) throw new RevocationListError(`Revocation list rejected: ${err.message}`, { cause: err });
    throw err;
  }
  if (payload.typ !== REVOCATION_LIST_TYPE) throw new RevocationListError('Revocation list has the wrong typ.');
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isInteger(iat)) throw new RevocationListError('Revocation list has no integer iat.');
  const revoked = payload.revoked;
  if (!Array.isArray(revoked) || !revoked.every(isEntry)) {
    throw new RevocationListError('Revocation list entries are malformed.');
  }
  return {
    iat,
    revoked: revoked
      .filter((e) => e.aud === opts.audience && e.exp > opts.now)
      .map((e) => ({ jti: e.jti, aud: e.aud, exp: e.exp })),
  };
}
