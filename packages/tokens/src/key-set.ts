import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { splitPemBlocks } from './internal/pem.js';
import { jwkThumbprint } from './thumbprint.js';

export const MIN_RSA_MODULUS_BITS = 2048;
export const MAX_PUBLIC_KEYS = 10;

/** A private signing key with its public half and `kid` (RFC 7638 thumbprint). */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Verification keys in configuration order, parsed once (tokens.md §6, §7.3). */
export interface PublicKeySet {
  readonly keys: readonly { kid: string; key: KeyObject }[];
}

function assertRsaStrength(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError('Expected an RSA key.');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_MODULUS_BITS) {
    throw new TypeError(`RSA modulus must be at least ${MIN_RSA_MODULUS_BITS} bits (got ${bits}).`);
  }
}

/**
 * Parses `PUBLIC_JWT_SIGNING_KEY`: 1..10 RSA public keys as SPKI or PKCS#1 PEM, or base64 of that text.
 * Throws TypeError('Failed to load public key.') when unparsable, or a TypeError naming the problem for a
 * modulus under 2048 bits. Duplicate keys are kept once.
 */
export function parsePublicKeys(pemText: string): PublicKeySet {
  const failed = (): TypeError => new TypeError('Failed to load public key.');
  const blocks = splitPemBlocks(pemText);
  if (blocks === undefined || blocks.length === 0 || blocks.length > MAX_PUBLIC_KEYS) throw failed();
  const keys: { kid: string; key: KeyObject }[] = [];
  for (const block of blocks) {
    if (block.label !== 'PUBLIC KEY' && block.label !== 'RSA PUBLIC KEY') throw failed();
    let key: KeyObject;
    try {
      key = createPublicKey(block.text);
    } catch (err) {
      throw new TypeError('Failed to load public key.', { cause: err });
    }
    if (key.asymmetricKeyType !== 'rsa') throw failed();
    assertRsaStrength(key);
    const kid = jwkThumbprint(key);
    if (!keys.some((k) => k.kid === kid)) keys.push({ kid, key });
  }
  return Object.freeze({ keys: Object.freeze(keys) });
}

/**
 * Parses `PRIVATE_JWT_SIGNING_KEY`: one or more RSA private keys as PKCS#1 or PKCS#8 PEM (unencrypted), or
 * base64 of that text. The first key signs. Throws TypeError('Failed to load private key.').
 */
export function parsePrivateKeys(pemText: string): SigningKey[] {
  const failed = (): TypeError => new TypeError('Failed to load private key.');
  const blocks = splitPemBlocks(pemText);
  if (blocks === undefined || blocks.length === 0) throw failed();
  const keys: SigningKey[] = [];
  for (const block of blocks) {
    if (block.label !== 'PRIVATE KEY' && block.label !== 'RSA PRIVATE KEY') throw failed();
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(block.text);
    } catch (err) {
      throw new TypeError('Failed to load private key.', { cause: err });
    }
    if (privateKey.asymmetricKeyType !== 'rsa') throw failed();
    assertRsaStrength(privateKey);
    const publicKey = createPublicKey(privateKey);
    const kid = jwkThumbprint(publicKey);
    if (!keys.some((k) => k.kid === kid)) keys.push({ kid, privateKey, publicKey });
  }
  return keys;
}
