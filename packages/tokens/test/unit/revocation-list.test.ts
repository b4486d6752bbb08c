import {
  parsePrivateKeys,
  parsePublicKeys,
  RevocationListError,
  signRevocationList,
  verifyRevocationList,
  type SigningKey,
} from '../../src/index.js';
import { makeKeyPair, signRs256, type TestKeyPair } from '../support/keys.js';

let pair: TestKeyPair;
let other: TestKeyPair;
let key: SigningKey;
const NOW = 1_700_000_000;
const entries = [
  { jti: 'j1', aud: 'srv', exp: NOW + 100 },
  { jti: 'j2', aud: 'other', exp: NOW + 100 },
  { jti: 'j3', aud: 'srv', exp: NOW - 1 },
];

beforeAll(() => {
  pair = makeKeyPair();
  other = makeKeyPair();
  [key] = parsePrivateKeys(pair.privatePem) as [SigningKey];
});

test('signed list omits expired entries; verify keeps only this audience', () => {
  const jws = signRevocationList({ key, entries, now: NOW });
  const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { revoked: unknown[]; typ: string };
  expect(payload.typ).toBe('flowdeck-revocations');
  expect(payload.revoked).toHaveLength(2);
  const list = verifyRevocationList(`${jws}\n`, { keys: parsePublicKeys(pair.publicPem), audience: 'srv', now: NOW });
  expect(list).toEqual({ iat: NOW, revoked: [{ jti: 'j1', aud: 'srv', exp: NOW + 100 }] });
  // Later, the entry has expired.
  expect(verifyRevocationList(jws, { keys: parsePublicKeys(pair.publicPem), audience: 'srv', now: NOW + 200 }).revoked).toEqual([]);
});

test('a list signed by another key, or of another typ, is refused', () => {
  const jws = signRevocationList({ key, entries, now: NOW });
  expect(() => verifyRevocationList(jws, { keys: parsePublicKeys(other.publicPem), audience: 'srv', now: NOW })).toThrow(RevocationListError);
  const token = signRs256({ alg: 'RS256', typ: 'JWT' }, { typ: 'other', iat: NOW, revoked: [] }, pair.privateKey);
  expect(() => verifyRevocationList(token, { keys: parsePublicKeys(pair.publicPem), audience: 'srv', now: NOW })).toThrow(/typ/);
  const bad = signRs256({ alg: 'RS256' }, { typ: 'flowdeck-revocations', iat: NOW, revoked: [{ jti: 1 }] }, pair.privateKey);
  expect(() => verifyRevocationList(bad, { keys: parsePublicKeys(pair.publicPem), audience: 'srv', now: NOW })).toThrow(RevocationListError);
});
