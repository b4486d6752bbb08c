import { gunzipSync, gzipSync } from 'node:zlib';
import { compressClaims, decompressClaims, TokenError } from '../../src/index.js';

// tokens.md §9: FlowAuth's fixture, compressed at gzip level 9 with mtime 0.
const WORKED =
  'H4sIAAAAAAACA6tWKkpNTEktUrKKVkpPLYkvSi0uzSlRitVRKirNy4OIp5Tm5lbGJ6anx5fmZZZY\nQbiFpalFlchsJR1kA8D6lWJrATn5E3ZgAAAA\n';
const DECODED = {
  reader: ['get_result'],
  runner: ['dummy_agg_unit:dummy_query:dummy_query', 'get_result', 'run'],
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof TokenError ? `${err.code} ${err.status} ${err.body.msg}` : String(err);
  }
  return undefined;
}

describe('compressClaims', () => {
  test('the worked user_claims string decodes to the stated object', () => {
    expect(decompressClaims(WORKED)).toEqual(DECODED);
  });

  test('compressing the worked object reproduces the exact string of tokens.md §9', () => {
    expect(compressClaims(DECODED)).toBe(WORKED);
  });

  test('gzip header: mtime 0, XFL 2 (level 9), OS 3', () => {
    const bytes = Buffer.from(compressClaims(DECODED).replace(/\n/g, ''), 'base64');
    expect(bytes.subarray(0, 10).toString('hex')).toBe('1f8b0800000000000203');
  });

  test('sorts role names and scopes by code point, drops duplicates, compact JSON', () => {
    const value = compressClaims({ z: ['b', 'a', 'b', 'B', '\u{1F600}', '\uFFFD'], a: [] });
    const json = gunzipSync(Buffer.from(value, 'base64')).toString('utf8');
    expect(json).toBe('{"a":[],"z":["B","a","b","\uFFFD","\u{1F600}"]}');
  });

  test('MIME layout: a newline after every 76 characters and at the end', () => {
    const roles = { r: Array.from({ length: 200 }, (_, i) => `admin3:kind_${i}:sub_${(i * 7919) % 1000}`) };
    const value = compressClaims(roles);
    const lines = value.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines.slice(0, -2)) expect(line).toHaveLength(76);
    expect(lines.at(-2)!.length).toBeLessThanOrEqual(76);
    expect(decompressClaims(value)).toEqual({ r: [...roles.r].sort() });
  });

  test('deterministic: identical claims give identical strings', () => {
    expect(compressClaims({ b: ['x'], a: ['y'] })).toBe(compressClaims({ a: ['y'], b: ['x', 'x'] }));
  });
});

describe('decompressClaims (tolerant)', () => {
  const gz = gzipSync(Buffer.from(JSON.stringify(DECODED)));

  test.each([
    ['a JSON object', DECODED],
    ['std base64 without newlines', WORKED.replace(/\n/g, '')],
    ['url-safe base64 without padding', gz.toString('base64url')],
    ['std base64 with spaces and CRLF', gz.toString('base64').replace(/(.{10})/g, '$1 \r\n')],
    ['FlowKit separators, not gzipped', Buffer.from('{"reader": ["get_result"], "runner": ["dummy_agg_unit:dummy_query:dummy_query", "get_result", "run"]}').toString('base64')],
  ])('accepts %s', (_name, value) => {
    expect(decompressClaims(value)).toEqual(DECODED);
  });

  test.each([
    ['the pre-1.18 list form', ['get_result']],
    ['a list in base64', Buffer.from(JSON.stringify(['run'])).toString('base64')],
    ['a non-string scope', { r: ['run', 3] }],
    ['a scope string instead of a list', { r: 'run' }],
    ['a number', 12],
    ['null', null],
    ['an empty string', ''],
    ['invalid base64', '%%%'],
    ['truncated gzip', gz.subarray(0, gz.length - 6).toString('base64')],
    ['invalid JSON', Buffer.from('{nope').toString('base64')],
  ])('rejects %s with 422 Invalid user_claims', (_name, value) => {
    expect(codeOf(() => decompressClaims(value))).toBe('INVALID_USER_CLAIMS 422 Invalid user_claims');
  });

  test('caps the decompressed size at 1 MiB (a gzip bomb is refused)', () => {
    const bomb = gzipSync(Buffer.from(`{"r":["${'a'.repeat(2 * 1024 * 1024)}"]}`), { level: 9 });
    expect(bomb.length).toBeLessThan(10_000);
    expect(codeOf(() => decompressClaims(bomb.toString('base64')))).toBe('INVALID_USER_CLAIMS 422 Invalid user_claims');
  });
});
