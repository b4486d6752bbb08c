import { randomUUID } from 'node:crypto';
import { compressClaims, type RoleClaims } from './claims-compression.js';
import type { SigningKey } from './key-set.js';
import { signCompactJws } from './internal/jws.js';

export interface MintOptions {
  key: SigningKey;
  /** The username (also minted as `identity`). */
  sub: string;
  /** The server name (`FLOWAPI_IDENTIFIER` of the target API). */
  aud: string;
  /** Role name → scopes, already filtered to the server's enabled scopes. */
  roles: RoleClaims;
  /** Epoch seconds; must be after `now`. */
  expiresAt: number;
  /** Epoch seconds; defaults to the wall clock. */
  now?: number;
  /** Defaults to a fresh UUID4. */
  jti?: string;
}

export interface MintedToken {
  token: string;
  jti: string;
  iat: number;
  exp: number;
}

/** Mints an RS256 JWT as tokens.md §1-3 lay it out (FlowAuth's claim set plus `kid` and `identity`). */
export function mintToken(opts: MintOptions): MintedToken {
  const iat = opts.now ?? Math.floor(Date.now() / 1000);
  const exp = opts.expiresAt;
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) throw new TypeError('now and expiresAt must be integer epoch seconds.');
  if (exp <= iat) throw new TypeError('expiresAt must be later than now.');
  if (typeof opts.sub !== 'string' || opts.sub === '') throw new TypeError('sub is required.');
  if (typeof opts.aud !== 'string' || opts.aud === '') throw new TypeError('aud is required.');
  if (opts.key.privateKey.type !== 'private' || opts.key.privateKey.asymmetricKeyType !== 'rsa') {
    throw new TypeError('key.privateKey must be an RSA private key.');
  }
  const jti = opts.jti ?? randomUUID();
  const payload = {
    iat,
    nbf: iat,
    jti,
    user_claims: compressClaims(opts.roles),
    sub: opts.sub,
    identity: opts.sub,
    exp,
    aud: opts.aud,
  };
  const token = signCompactJws({ alg: 'RS256', typ: 'JWT', kid: opts.key.kid }, payload, opts.key.privateKey);
  return { token, jti, iat, exp };
}
