import { createPublicKey } from 'node:crypto';
import { jwkThumbprint, parsePrivateKeys, parsePublicKeys, publicKeyToJwk } from '../../src/index.js';
import { makeKeyPair, type TestKeyPair } from '../support/keys.js';

let a: TestKeyPair;
let b: TestKeyPair;
beforeAll(() => {
  a = makeKeyPair();
  b = makeKeyPair();
});

describe('jwkThumbprint (RFC 7638)', () => {
  test('the RFC 7638 §3.1 example', () => {
    const key = createPublicKey({
      format: 'jwk',
      key: {
        kty: 'RSA',
        e: 'AQAB',
        n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      },
    });
    expect(jwkThumbprint(key)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(publicKeyToJwk(key).e).toBe('AQAB');
  });

  test('a private key gives the thumbprint of its public half', () => {
    expect(jwkThumbprint(a.privateKey)).toBe(jwkThumbprint(a.publicKey));
  });
});

describe('parsePublicKeys', () => {
  test('SPKI, PKCS#1, several keys, base64 of the PEM text', () => {
    const pkcs1 = b.publicKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    expect(pkcs1).toContain('BEGIN RSA PUBLIC KEY');
    const set = parsePublicKeys(`${a.publicPem}\n${pkcs1}`);
    expect(set.keys.map((k) => k.kid)).toEqual([jwkThumbprint(a.publicKey), jwkThumbprint(b.publicKey)]);
    const b64 = Buffer.from(a.publicPem + b.publicPem).toString('base64');
    expect(parsePublicKeys(b64.replace(/(.{60})/g, '$1\n')).keys).toHaveLength(2);
    expect(parsePublicKeys(Buffer.from(a.publicPem).toString('base64url')).keys).toHaveLength(1);
  });

  test.each([
    ['empty', ''],
    ['garbage', 'not a key'],
    ['a private key', 'PRIVATE'],
    ['a damaged PEM', 'DAMAGED'],
    ['eleven keys', 'ELEVEN'],
  ])('rejects %s with "Failed to load public key."', (_name, kind) => {
    const value =
      kind === 'PRIVATE' ? a.privatePem
      : kind === 'DAMAGED' ? a.publicPem.replace(/[A-Za-z]{8}\n/, 'AAAA\n')
      : kind === 'ELEVEN' ? a.publicPem.repeat(11)
      : kind;
    expect(() => parsePublicKeys(value)).toThrow(/^Failed to load public key\.$/);
  });

  test('rejects a modulus under 2048 bits', () => {
    const weak = makeKeyPair(1024);
    expect(() => parsePublicKeys(weak.publicPem)).toThrow(TypeError);
    expect(() => parsePublicKeys(weak.publicPem)).toThrow(/2048/);
  });

  test('rejects a non-RSA key', () => {
    const ec = createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } });
    expect(() => parsePublicKeys(ec.export({ format: 'pem', type: 'spki' }).toString())).toThrow(TypeError);
  });
});

describe('parsePrivateKeys', () => {
  test('PKCS#8 and PKCS#1, first key first, kid matches the public key', () => {
    const pkcs1 = b.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    const keys = parsePrivateKeys(a.privatePem + pkcs1);
    expect(keys.map((k) => k.kid)).toEqual([jwkThumbprint(a.publicKey), jwkThumbprint(b.publicKey)]);
    expect(keys[0]!.publicKey.type).toBe('public');
    expect(parsePrivateKeys(Buffer.from(pkcs1).toString('base64'))[0]!.kid).toBe(jwkThumbprint(b.publicKey));
  });

  test('rejects garbage, public keys and weak keys', () => {
    expect(() => parsePrivateKeys('nope')).toThrow(/^Failed to load private key\.$/);
    expect(() => parsePrivateKeys(a.publicPem)).toThrow(/^Failed to load private key\.$/);
    expect(() => parsePrivateKeys(makeKeyPair(1024).privatePem)).toThrow(/2048/);
  });
});
