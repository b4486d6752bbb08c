import { ConfigError } from '@flowdeck/config';
import { checkAuthConfig } from '../../src/config.js';
import { parseDbUri } from '../../src/domain/db-uri.js';
import { formatHttpDate, formatIsoMicros, parseIsoDateTime } from '../../src/domain/datetime.js';
import { computeCap, decideExpiry } from '../../src/domain/token-cap.js';
import { isPasswordComplex } from '../../src/domain/password-policy.js';
import { planScopeMerge } from '../../src/domain/openapi-scopes.js';
import { testConfig } from '../support/harness.js';

describe('config', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      checkAuthConfig(testConfig(env));
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return [...(err as ConfigError).problems];
    }
  };

  test('unset DB_URI means the default SQLite file, refused only in production', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ NODE_ENV: 'production' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/DB_URI is unset: the default SQLite file is refused when NODE_ENV=production/)]),
    );
  });

  test('production refusals and redis host', () => {
    const p = problems({ DB_URI: 'postgresql://x@h/db', NODE_ENV: 'production', DB_RESET: 'true', DEMO_MODE: 'yes', FLOWAUTH_CACHE_BACKEND: 'REDIS', CORS_ORIGIN: '*' });
    expect(p).toHaveLength(5);
    expect(p.join('\n')).toMatch(/DB_RESET/);
    expect(p.join('\n')).toMatch(/FLOWAUTH_INSECURE_COOKIES/);
    expect(p.join('\n')).toMatch(/FLOWAUTH_REDIS_HOST/);
  });

  test('defaults', () => {
    const c = testConfig({ DB_URI: 'postgres://h/db' });
    expect(c.FLOWAUTH_PORT).toBe(9091);
    expect(c.FLOWAUTH_LOGIN_MAX_FAILURES).toBe(10);
    expect(c.FLOWAUTH_LOGIN_FAILURE_WINDOW_SECONDS).toBe(900);
    expect(c.FLOWAUTH_CACHE_FILE).toBe('/dev/shm/flowauth_last_used_cache');
    expect(c.TWO_FACTOR_VALID_WINDOW).toBe(0);
    expect(() => testConfig({ TWO_FACTOR_VALID_WINDOW: '2' })).toThrow(ConfigError);
    expect(() => testConfig({ FLOWAUTH_CACHE_BACKEND: 'bogus' })).toThrow(ConfigError);
  });

  test('DB_URI forms and password substitution', () => {
    expect(parseDbUri('postgresql+psycopg2://flowauth:{}@auth_postgres:5432/flowauth', 'p@ss/w:rd')).toEqual({
      kind: 'postgres',
      url: 'postgres://flowauth:p%40ss%2Fw%3Ard@auth_postgres:5432/flowauth',
    });
    expect(parseDbUri('postgres://a@b/c', '')).toEqual({ kind: 'postgres', url: 'postgres://a@b/c' });
    expect(parseDbUri('sqlite:////var/lib/x.db', '')).toEqual({ kind: 'sqlite', path: '/var/lib/x.db' });
    expect(() => parseDbUri('mysql://a/b', '')).toThrow(/MySQL/);
  });
});

describe('date-times', () => {
  test('FlowAuth forms', () => {
    const d = new Date('2020-12-31T12:00:00Z');
    expect(formatIsoMicros(d)).toBe('2020-12-31T12:00:00.000000Z');
    expect(formatHttpDate(d)).toBe('Thu, 31 Dec 2020 12:00:00 GMT');
    expect(parseIsoDateTime('2020-12-31T12:00:00.0Z')?.toISOString()).toBe('2020-12-31T12:00:00.000Z');
    expect(parseIsoDateTime('2020-12-31T14:00:00.123456+02:00')?.toISOString()).toBe('2020-12-31T12:00:00.123Z');
    expect(parseIsoDateTime('2020-12-31T14:00:00+0200')?.toISOString()).toBe('2020-12-31T12:00:00.000Z');
    expect(parseIsoDateTime('2020-12-31T12:00:00')).toBeUndefined();
    expect(parseIsoDateTime('yesterday')).toBeUndefined();
  });
});

describe('token caps (auth.md §9)', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const server = { type: 'server' as const, name: 's', latestTokenExpiry: null, longestTokenLifeMinutes: 600 };
  const role = { type: 'role' as const, name: 'r', latestTokenExpiry: new Date('2030-01-01T01:00:00Z'), longestTokenLifeMinutes: 120 };

  test('cap is the minimum of next expiries', () => {
    const cap = computeCap(server, [role], now);
    expect(cap.cap.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    expect(cap.limitedBy).toEqual([{ type: 'role', name: 'r' }]);
    expect(cap.expired).toEqual([]);
  });

  test('expiry decisions', () => {
    const cap = new Date('2030-01-01T01:00:00Z');
    const nowSec = now.getTime() / 1000;
    expect(decideExpiry(cap, undefined, now)).toEqual({ ok: true, exp: nowSec + 3600 });
    expect(decideExpiry(cap, 60, now)).toEqual({ ok: true, exp: nowSec + 3600 });
    expect(decideExpiry(cap, 61, now)).toEqual({ ok: false, reason: 'lifetime_exceeds_cap' });
    for (const bad of [0, -1, 1.5, true, '5']) expect(decideExpiry(cap, bad, now)).toEqual({ ok: false, reason: 'lifetime_invalid' });
    expect(decideExpiry(now, 5, now)).toEqual({ ok: false, reason: 'cap_passed' });
  });
});

describe('password complexity', () => {
  test('zxcvbn score 4 and at least 8 characters', () => {
    expect(isPasswordComplex('password1')).toBe(false);
    expect(isPasswordComplex('DUMMY_PASSWORD')).toBe(false);
    expect(isPasswordComplex('Tr0ub4dor&3xyzzyPLUGH')).toBe(true);
  });
});

describe('scope merge (auth.md §6.1)', () => {
  test('adds, disables, re-enables, counts unchanged', () => {
    expect(
      planScopeMerge(
        [
          { name: 'a', enabled: true },
          { name: 'b', enabled: true },
          { name: 'c', enabled: false },
        ],
        ['a', 'c', 'd'],
      ),
    ).toEqual({ add: ['d'], disable: ['b'], enable: ['c'], unchanged: 1 });
  });
});
