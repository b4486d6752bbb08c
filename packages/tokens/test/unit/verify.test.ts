import {
  compressClaims,
  jwkThumbprint,
  parsePublicKeys,
  requireScopes,
  TokenError,
  verifyAuthorizationHeader,
  verifyToken,
  type VerifyOptions,
} from '../../src/index.js';
import { makeKeyPair, signHs256, signRs256, unsigned, type TestKeyPair } from '../support/keys.js';

// The worked token of tokens.md §9.
const WORKED_CLAIMS =
  'H4sIAAAAAAACA6tWKkpNTEktUrKKVkpPLYkvSi0uzSlRitVRKirNy4OIp5Tm5lbGJ6anx5fmZZZY\nQbiFpalFlchsJR1kA8D6lWJrATn5E3ZgAAAA\n';
const IAT = 1609372800;
const NOW = IAT + 60;
const WORKED_PAYLOAD = {
  iat: IAT,
  nbf: IAT,
  jti: '2f1e8c1a-1f0b-4c55-9c1e-0d6e1bbf4a33',
  user_claims: WORKED_CLAIMS,
  sub: 'TEST_USER',
  identity: 'TEST_USER',
  exp: IAT + 300,
  aud: 'DUMMY_SERVER_A',
};
const DECODED = {
  reader: ['get_result'],
  runner: ['dummy_agg_unit:dummy_query:dummy_query', 'get_result', 'run'],
};

let a: TestKeyPair;
let b: TestKeyPair;
let stranger: TestKeyPair;
let kidA: string;
let opts: VerifyOptions;

beforeAll(() => {
  a = makeKeyPair();
  b = makeKeyPair();
  stranger = makeKeyPair();
  kidA = jwkThumbprint(a.publicKey);
  opts = { keys: parsePublicKeys(a.publicPem), audience: 'DUMMY_SERVER_A', now: NOW };
});

const flowkitHeader = { typ: 'JWT', alg: 'RS256' };
const header = (): object => ({ alg: 'RS256', typ: 'JWT', kid: kidA });
const payload = (over: Record<string, unknown> = {}): Record<string, unknown> => {
  const p: Record<string, unknown> = { ...WORKED_PAYLOAD, ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete p[k];
  return p;
};

function refusal(fn: () => unknown): TokenError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TokenError) return err;
    throw err;
  }
  throw new Error('expected a TokenError');
}

function expectRefused(
  fn: () => unknown,
  code: string,
  status: number,
  msg: string,
): void {
  const err = refusal(fn);
  expect({ code: err.code, status: err.status, body: err.body, expose: err.expose }).toEqual({
    code,
    status,
    body: { msg },
    expose: true,
  });
}

describe('accepted tokens', () => {
  test('the worked token of tokens.md §9 (with kid and identity)', () => {
    const token = signRs256(header(), WORKED_PAYLOAD, a.privateKey);
    const v = verifyAuthorizationHeader(`Bearer ${token}`, opts);
    expect(v).toEqual({
      sub: 'TEST_USER',
      jti: WORKED_PAYLOAD.jti,
      kid: kidA,
      exp: IAT + 300,
      roles: DECODED,
    });
  });

  test('a FlowKit-generator token: {"typ":"JWT","alg":"RS256"}, no kid, no identity', () => {
    const token = signRs256(flowkitHeader, payload({ identity: undefined }), a.privateKey);
    const v = verifyToken(token, opts);
    expect(v.sub).toBe('TEST_USER');
    expect(v.roles).toEqual(DECODED);
    expect(v.identityMismatch).toBeUndefined();
  });

  test('FlowKit generator uncompressed mode: user_claims as a plain JSON object', () => {
    const token = signRs256(flowkitHeader, payload({ user_claims: DECODED }), a.privateKey);
    expect(verifyToken(token, opts).roles).toEqual(DECODED);
  });

  test('typ absent or at+jwt, aud as an array, no jti, no user_claims', () => {
    const t1 = signRs256({ alg: 'RS256' }, payload({ aud: ['other', 'DUMMY_SERVER_A'] }), a.privateKey);
    expect(verifyToken(t1, opts).sub).toBe('TEST_USER');
    const t2 = signRs256({ alg: 'RS256', typ: 'at+jwt' }, payload({ jti: undefined, user_claims: undefined }), a.privateKey);
    const v = verifyToken(t2, opts);
    expect(v.jti).toBeUndefined();
    expect(v.roles).toEqual({});
  });

  test('sub and identity disagree: sub wins, flagged for a warning', () => {
    const token = signRs256(header(), payload({ identity: 'SOMEONE_ELSE' }), a.privateKey);
    const v = verifyToken(token, opts);
    expect(v.sub).toBe('TEST_USER');
    expect(v.identityMismatch).toBe(true);
  });

  test('several public keys: a token signed by the second key verifies (with and without kid)', () => {
    const keys = parsePublicKeys(a.publicPem + b.publicPem);
    const noKid = signRs256(flowkitHeader, WORKED_PAYLOAD, b.privateKey);
    expect(verifyToken(noKid, { ...opts, keys }).kid).toBe(jwkThumbprint(b.publicKey));
    const withKid = signRs256({ ...flowkitHeader, kid: jwkThumbprint(b.publicKey) }, WORKED_PAYLOAD, b.privateKey);
    expect(verifyToken(withKid, { ...opts, keys }).kid).toBe(jwkThumbprint(b.publicKey));
  });

  test('unknown kid falls back to trying every key', () => {
    const token = signRs256({ ...flowkitHeader, kid: 'not-a-known-kid' }, WORKED_PAYLOAD, a.privateKey);
    expect(verifyToken(token, opts).sub).toBe('TEST_USER');
  });

  test('leeway: 10 s by default on exp, nbf and iat; configurable', () => {
    const expired5 = signRs256(header(), payload({ exp: NOW - 5 }), a.privateKey);
    expect(verifyToken(expired5, opts).sub).toBe('TEST_USER');
    const future5 = signRs256(header(), payload({ nbf: NOW + 5, iat: NOW + 5 }), a.privateKey);
    expect(verifyToken(future5, opts).sub).toBe('TEST_USER');
    expectRefused(() => verifyToken(expired5, { ...opts, leewaySeconds: 0 }), 'TOKEN_EXPIRED', 401, 'Token has expired');
    expect(() => verifyToken(expired5, { ...opts, leewaySeconds: 301 })).toThrow(TypeError);
  });
});

describe('refused tokens (code, status, body)', () => {
  test('missing header', () => {
    expectRefused(() => verifyAuthorizationHeader(undefined, opts), 'MISSING_AUTHORIZATION_HEADER', 401, 'Missing Authorization Header');
  });

  test.each([
    ['Token abc'],
    ['bearer abc.def.ghi'],
    ['Bearer'],
    ['Bearer '],
    ['Bearer  abc.def.ghi'],
    ['Bearer abc def'],
    [`Bearer ${'a'.repeat(64 * 1024 + 1)}`],
  ])('bad scheme or shape: %#', (value) => {
    expectRefused(
      () => verifyAuthorizationHeader(value, opts),
      'BAD_AUTHORIZATION_HEADER',
      422,
      "Bad Authorization header. Expected value 'Bearer <JWT>'",
    );
  });

  test('garbage and undecodable segments', () => {
    expectRefused(() => verifyAuthorizationHeader('Bearer garbage', opts), 'MALFORMED_TOKEN', 422, 'Not enough segments');
    expectRefused(() => verifyToken('abc.def', opts), 'MALFORMED_TOKEN', 422, 'Not enough segments');
    expectRefused(() => verifyToken('a*b.e30.sig', opts), 'MALFORMED_TOKEN', 422, 'Invalid header padding');
    expectRefused(() => verifyToken('aGVsbG8.e30.sig', opts), 'MALFORMED_TOKEN', 422, 'Invalid header string');
    const h = Buffer.from(JSON.stringify(header())).toString('base64url');
    expectRefused(() => verifyToken(`${h}.e!30.sig`, opts), 'MALFORMED_TOKEN', 422, 'Invalid payload padding');
    expectRefused(() => verifyToken(`${h}.e30.e30.sig`, opts), 'MALFORMED_TOKEN', 422, 'Invalid payload padding');
    expectRefused(() => verifyToken(`${h}.e30.s*g`, opts), 'MALFORMED_TOKEN', 422, 'Invalid crypto padding');
    expectRefused(() => verifyToken(`${h}.WzFd.sig`, opts), 'MALFORMED_TOKEN', 422, 'Invalid payload string');
  });

  test('alg none', () => {
    const token = unsigned({ alg: 'none', typ: 'JWT' }, WORKED_PAYLOAD);
    expectRefused(() => verifyToken(token, opts), 'ALG_NOT_ALLOWED', 422, 'The specified alg value is not allowed');
  });

  test('HS256 signed with the public key PEM as the HMAC secret', () => {
    const token = signHs256({ alg: 'HS256', typ: 'JWT' }, WORKED_PAYLOAD, a.publicPem);
    expectRefused(() => verifyToken(token, opts), 'ALG_NOT_ALLOWED', 422, 'The specified alg value is not allowed');
    // Even relabelled as RS256, an HMAC over the input is no RSA signature.
    const relabelled = signHs256({ alg: 'RS256', typ: 'JWT' }, WORKED_PAYLOAD, a.publicPem);
    expectRefused(() => verifyToken(relabelled, opts), 'SIGNATURE_INVALID', 422, 'Signature verification failed');
  });

  test.each(['PS256', 'ES256', 'RS512', 'rs256'])('alg %s', (alg) => {
    const token = signRs256({ alg, typ: 'JWT' }, WORKED_PAYLOAD, a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'ALG_NOT_ALLOWED', 422, 'The specified alg value is not allowed');
  });

  test('crit header', () => {
    const token = signRs256({ ...header(), crit: ['exp'] }, WORKED_PAYLOAD, a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'UNSUPPORTED_CRIT', 422, 'Unsupported crit header');
  });

  test('typ other than JWT / at+jwt', () => {
    const token = signRs256({ alg: 'RS256', typ: 'JWE' }, WORKED_PAYLOAD, a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'INVALID_TOKEN_TYPE', 422, 'Invalid token type');
  });

  test('tampered payload', () => {
    const token = signRs256(header(), WORKED_PAYLOAD, a.privateKey);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...WORKED_PAYLOAD, sub: 'admin' })).toString('base64url');
    expectRefused(() => verifyToken(`${h}.${forged}.${s}`, opts), 'SIGNATURE_INVALID', 422, 'Signature verification failed');
  });

  test('a key not configured, with an unknown kid, or with the kid of a configured key', () => {
    const t1 = signRs256({ ...flowkitHeader, kid: jwkThumbprint(stranger.publicKey) }, WORKED_PAYLOAD, stranger.privateKey);
    expectRefused(() => verifyToken(t1, opts), 'SIGNATURE_INVALID', 422, 'Signature verification failed');
    // kid names key A, signed by B: only A is tried even though B is configured.
    const keys = parsePublicKeys(a.publicPem + b.publicPem);
    const t2 = signRs256({ ...flowkitHeader, kid: kidA }, WORKED_PAYLOAD, b.privateKey);
    expectRefused(() => verifyToken(t2, { ...opts, keys }), 'SIGNATURE_INVALID', 422, 'Signature verification failed');
  });

  test('missing exp / non-numeric exp', () => {
    const t1 = signRs256(header(), payload({ exp: undefined }), a.privateKey);
    expectRefused(() => verifyToken(t1, opts), 'MISSING_CLAIM', 422, 'Token is missing the "exp" claim');
    const t2 = signRs256(header(), payload({ exp: 'soon' }), a.privateKey);
    expectRefused(() => verifyToken(t2, opts), 'INVALID_CLAIM', 422, 'Expiration Time claim (exp) must be an integer.');
  });

  test('expired', () => {
    const token = signRs256(header(), WORKED_PAYLOAD, a.privateKey);
    expectRefused(() => verifyToken(token, { ...opts, now: IAT + 310 }), 'TOKEN_EXPIRED', 401, 'Token has expired');
    expect(refusal(() => verifyToken(token, { ...opts, now: IAT + 310 })).event).toBe('EXPIRED_TOKEN');
  });

  test('nbf in the future', () => {
    const token = signRs256(header(), payload({ nbf: NOW + 11 }), a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'TOKEN_NOT_YET_VALID', 422, 'The token is not yet valid (nbf)');
  });

  test('iat in the future', () => {
    const token = signRs256(header(), payload({ iat: NOW + 11, nbf: undefined }), a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'TOKEN_NOT_YET_VALID', 422, 'The token is not yet valid (iat)');
  });

  test('missing iat', () => {
    const token = signRs256(header(), payload({ iat: undefined }), a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'MISSING_CLAIM', 422, 'Token is missing the "iat" claim');
  });

  test('missing or wrong aud', () => {
    const t1 = signRs256(header(), payload({ aud: undefined }), a.privateKey);
    expectRefused(() => verifyToken(t1, opts), 'MISSING_CLAIM', 422, 'Token is missing the "aud" claim');
    const t2 = signRs256(header(), payload({ aud: 'DUMMY_SERVER_B' }), a.privateKey);
    expectRefused(() => verifyToken(t2, opts), 'INVALID_AUDIENCE', 422, 'Invalid audience');
    const t3 = signRs256(header(), payload({ aud: ['DUMMY_SERVER_B'] }), a.privateKey);
    expectRefused(() => verifyToken(t3, opts), 'INVALID_AUDIENCE', 422, 'Invalid audience');
  });

  test('missing or non-string sub', () => {
    const t1 = signRs256(header(), payload({ sub: undefined }), a.privateKey);
    expectRefused(() => verifyToken(t1, opts), 'MISSING_CLAIM', 422, 'Missing claim: sub');
    const t2 = signRs256(header(), payload({ sub: 42 }), a.privateKey);
    expectRefused(() => verifyToken(t2, opts), 'MISSING_CLAIM', 422, 'Missing claim: sub');
  });

  test('revoked jti', () => {
    const token = signRs256(header(), WORKED_PAYLOAD, a.privateKey);
    const isRevoked = (jti: string): boolean => jti === WORKED_PAYLOAD.jti;
    expectRefused(() => verifyToken(token, { ...opts, isRevoked }), 'TOKEN_REVOKED', 401, 'Token has been revoked');
    expect(refusal(() => verifyToken(token, { ...opts, isRevoked })).event).toBe('REVOKED_TOKEN');
  });

  test.each([
    ['list form', ['get_result', 'run']],
    ['not base64', 'not base64 at all!'],
    ['base64 of a list', Buffer.from('["run"]').toString('base64')],
    ['non-string scope', { reader: [1] }],
    ['null', null],
  ])('invalid user_claims: %s', (_name, claims) => {
    const token = signRs256(header(), payload({ user_claims: claims }), a.privateKey);
    expectRefused(() => verifyToken(token, opts), 'INVALID_USER_CLAIMS', 422, 'Invalid user_claims');
  });

  test('order: the first failing step decides (expired and wrong aud → expired; bad alg and bad sig → alg)', () => {
    const t1 = signRs256(header(), payload({ exp: NOW - 100, aud: 'x' }), a.privateKey);
    expect(refusal(() => verifyToken(t1, opts)).code).toBe('TOKEN_EXPIRED');
    const t2 = signRs256({ alg: 'HS512' }, WORKED_PAYLOAD, stranger.privateKey);
    expect(refusal(() => verifyToken(t2, opts)).code).toBe('ALG_NOT_ALLOWED');
    const t3 = signRs256(header(), payload({ exp: NOW - 100 }), stranger.privateKey);
    expect(refusal(() => verifyToken(t3, opts)).code).toBe('SIGNATURE_INVALID');
  });
});

describe('single-role rule on a verified token', () => {
  test('scopes split across two roles are refused with 403', () => {
    const roles = {
      viewer: ['get_result', 'admin3:spatial_aggregate:daily_location', 'admin3:spatial_aggregate:spatial_aggregate'],
      runner: ['run'],
    };
    const token = signRs256(header(), payload({ user_claims: compressClaims(roles) }), a.privateKey);
    const v = verifyToken(token, opts);
    const runScopes = ['run', 'admin3:spatial_aggregate:daily_location', 'admin3:spatial_aggregate:spatial_aggregate'];
    expectRefused(() => requireScopes(v, runScopes), 'CLAIMS_VERIFICATION_FAILED', 403, 'User claims verification failed');
    expect(refusal(() => requireScopes(v, runScopes)).event).toBe('CLAIMS_VERIFICATION_FAILED');
    expect(requireScopes(v, runScopes.slice(1).concat('get_result'))).toBe('viewer');
  });
});
