import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** Public RSA JWK members (base64url, no padding), as RFC 7517 writes them. */
export interface RsaPublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
}

/** The public JWK of an RSA key (a private key is reduced to its public half). TypeError for non-RSA keys. */
export function publicKeyToJwk(publicKey: KeyObject): RsaPublicJwk {
  if (publicKey.type === 'secret' || publicKey.asymmetricKeyType !== 'rsa') {
    throw new TypeError('Expected an RSA key.');
  }
  const pub = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  const jwk = pub.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new TypeError('Expected an RSA key.');
  return { kty: 'RSA', n: jwk.n, e: jwk.e };
}

/** RFC 7638 thumbprint (SHA-256, base64url without padding): the `kid` of tokens.md §7.2. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const { n, e } = publicKeyToJwk(publicKey);
  const canonical = `{"e":"${e}","kty":"RSA","n":"${n}"}`;
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}
