import { gatewayKeys } from '../../src/adapters/keys.js';
import { decideRateLimit } from '../../src/domain/rate-limit-decision.js';
import { rateWindow } from '../../src/domain/rate-window.js';

describe('rate windows and decisions', () => {
  test('fixed one-minute windows', () => {
    expect(rateWindow(Date.parse('2030-01-01T00:00:00.000Z'))).toEqual({ index: Date.parse('2030-01-01T00:00:00.000Z') / 60_000, resetInMs: 60_000 });
    expect(rateWindow(Date.parse('2030-01-01T00:00:59.500Z')).resetInMs).toBe(500);
  });

  test.each([
    [{ subjectCount: 600, addressCount: 1, subjectLimit: 600, addressLimit: 1200, resetInMs: 1000 }, { allowed: true }],
    [{ subjectCount: 601, addressCount: 1, subjectLimit: 600, addressLimit: 1200, resetInMs: 1500 }, { allowed: false, retryAfterSeconds: 2 }],
    [{ subjectCount: 1, addressCount: 1201, subjectLimit: 600, addressLimit: 1200, resetInMs: 10 }, { allowed: false, retryAfterSeconds: 1 }],
    [{ subjectCount: 10_000, addressCount: 10_000, subjectLimit: 0, addressLimit: 0, resetInMs: 10 }, { allowed: true }],
  ])('decideRateLimit(%p)', (input, expected) => {
    expect(decideRateLimit(input)).toEqual(expected);
  });

  test('keys live under <prefix>:gateway: and hash client-chosen subjects', () => {
    const keys = gatewayKeys('flowdeck');
    expect(keys.addressRate('10.0.0.1', 7)).toBe('flowdeck:gateway:rate:addr:10.0.0.1:7');
    expect(keys.subjectRate('s:a:b:c'.repeat(1000), 7)).toMatch(/^flowdeck:gateway:rate:sub:[0-9a-f]{32}:7$/);
  });
});
