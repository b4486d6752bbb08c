import { tokenSubject } from '../../src/domain/token-subject.js';

const seg = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('tokenSubject (unverified, bucketing only)', () => {
  test('reads sub from a bearer JWT without verifying it', () => {
    expect(tokenSubject(`Bearer ${seg({ alg: 'RS256' })}.${seg({ sub: 'alice' })}.sig`)).toBe('alice');
    expect(tokenSubject(`bearer ${seg({})}.${seg({ sub: 'bob' })}.`)).toBe('bob');
  });

  test.each([
    undefined,
    '',
    'Basic dXNlcjpwYXNz',
    'Bearer not-a-jwt',
    `Bearer ${seg({})}.${Buffer.from('not json').toString('base64url')}.sig`,
    `Bearer ${seg({})}.${seg({ sub: 42 })}.sig`,
    `Bearer ${seg({})}.${seg({ sub: '' })}.sig`,
    `Bearer ${seg({})}.${seg('a string')}.sig`,
  ])('no subject for %p', (header) => {
    expect(tokenSubject(header)).toBeUndefined();
  });
});
