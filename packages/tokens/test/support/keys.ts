import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

/** A fresh RSA key pair (2048 bits: fast enough for tests). */
export function makeKeyPair(bits = 2048): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

const b64u = (v: object | string): string =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');

/** Signs a JWT by hand with node:crypto (as an independent implementation would), RS256. */
export function signRs256(header: object | string, payload: object | string, privateKey: KeyObject): string {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** HS256 with an arbitrary secret (the classic key-confusion attack uses the public key PEM). */
export function signHs256(header: object, payload: object, secret: string): string {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function unsigned(header: object, payload: object): string {
  return `${b64u(header)}.${b64u(payload)}.`;
}
