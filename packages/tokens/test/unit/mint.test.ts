import jwt from 'jsonwebtoken';
import { decompressClaims, mintToken, parsePrivateKeys, parsePublicKeys, verifyAuthorizationHeader, type SigningKey } from '../../src/index.js';
import { makeKeyPair, type TestKeyPair } from '../support/keys.js';

let pair: TestKeyPair;
let key: SigningKey;
const NOW = 1_700_000_000;
const roles = { runner: ['run', 'get_result', 'admin3:spatial_aggregate:daily_location', 'run'], reader: ['get_result'] };

beforeAll(() => {
  pair = makeKeyPair();
  [key] = parsePrivateKeys(pair.privatePem) as [SigningKey];
});

function decodePart(token: string, i: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

test('header and payload follow tokens.md §1-2', () => {
  const minted = mintToken({ key, sub: 'alice', aud: 'flowapi_server', roles, expiresAt: NOW + 300, now: NOW });
  expect(decodePart(minted.token, 0)).toEqual({ alg: 'RS256', typ: 'JWT', kid: key.kid });
  expect(Object.keys(decodePart(minted.token, 0))).toEqual(['alg', 'typ', 'kid']);
  const payload = decodePart(minted.token, 1);
  expect(payload).toEqual({
    iat: NOW,
    nbf: NOW,
    jti: minted.jti,
    user_claims: expect.stringMatching(/^H4sI[A-Za-z0-9+/=\n]+\n$/),
    sub: 'alice',
    identity: 'alice',
    exp: NOW + 300,
    aud: 'flowapi_server',
  });
  expect(minted.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(decompressClaims(payload.user_claims)).toEqual({
    reader: ['get_result'],
    runner: ['admin3:spatial_aggregate:daily_location', 'get_result', 'run'],
  });
  expect({ iat: minted.iat, exp: minted.exp }).toEqual({ iat: NOW, exp: NOW + 300 });
});

test('round trip through verifyAuthorizationHeader, and jsonwebtoken (an independent verifier) accepts it', () => {
  const minted = mintToken({ key, sub: 'alice', aud: 'srv', roles, expiresAt: NOW + 60, now: NOW, jti: 'fixed-jti' });
  const v = verifyAuthorizationHeader(`Bearer ${minted.token}`, { keys: parsePublicKeys(pair.publicPem), audience: 'srv', now: NOW });
  expect(v).toMatchObject({ sub: 'alice', jti: 'fixed-jti', kid: key.kid, exp: NOW + 60 });
  const decoded = jwt.verify(minted.token, pair.publicKey, { algorithms: ['RS256'], audience: 'srv', clockTimestamp: NOW });
  expect(decoded).toMatchObject({ sub: 'alice', identity: 'alice' });
});

test('misuse is a TypeError', () => {
  expect(() => mintToken({ key, sub: 'a', aud: 's', roles, expiresAt: NOW, now: NOW })).toThrow(TypeError);
  expect(() => mintToken({ key, sub: '', aud: 's', roles, expiresAt: NOW + 1, now: NOW })).toThrow(TypeError);
  expect(() => mintToken({ key, sub: 'a', aud: 's', roles, expiresAt: NOW + 1.5, now: NOW })).toThrow(TypeError);
});
