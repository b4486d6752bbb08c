import type { Request, Response } from 'express';
import { mintToken, parsePublicKeys } from '@flowdeck/tokens';
import { requireToken, VerificationCache } from '../../src/http/steps/require-token.js';
import { testKeyPair } from '../support/api-harness.js';

const pair = testKeyPair();
const keys = parsePublicKeys(pair.publicPem);
const T0 = 1_700_000_000;

function run(step: ReturnType<typeof requireToken>, header: string): Response {
  const res = { locals: { ctx: { roles: [] } } } as unknown as Response;
  step({ headers: { authorization: header } } as Request, res, () => undefined);
  return res;
}

describe('verification cache (tokens.md §6)', () => {
  test('entries live at most 60 s and never past exp', () => {
    const cache = new VerificationCache();
    cache.set('a', { sub: 'u', exp: T0 + 3600, roles: {} }, T0);
    cache.set('b', { sub: 'u', exp: T0 + 10, roles: {} }, T0);
    expect(cache.get('a', T0 + 59)).toBeDefined();
    expect(cache.get('a', T0 + 60)).toBeUndefined();
    expect(cache.get('b', T0 + 9)).toBeDefined();
    expect(cache.get('b', T0 + 10)).toBeUndefined();
  });

  test('a cached token is still refused once its jti is revoked; an expired one is re-verified', () => {
    const revoked = new Set<string>();
    let now = T0;
    const step = requireToken({ keys, audience: 'AUD', leewaySeconds: 10, now: () => new Date(now * 1000), isRevoked: (j) => revoked.has(j) });
    const minted = mintToken({ key: pair.key, sub: 'u', aud: 'AUD', roles: { r: ['run'] }, now: T0, expiresAt: T0 + 30 });
    const header = `Bearer ${minted.token}`;
    expect((run(step, header).locals.ctx as { token: { sub: string } }).token.sub).toBe('u');
    revoked.add(minted.jti);
    expect(() => run(step, header)).toThrow(expect.objectContaining({ status: 401, body: { msg: 'Token has been revoked' } }));
    revoked.clear();
    now = T0 + 45; // past exp + leeway: the cache entry ended at exp, full verification refuses
    expect(() => run(step, header)).toThrow(expect.objectContaining({ status: 401, body: { msg: 'Token has expired' } }));
  });
});
