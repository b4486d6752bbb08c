import { isMetricsPath, normalizeTarget, routeRequest } from '../../src/domain/route-request.js';

describe('routeRequest', () => {
  test.each([
    ['/', { kind: 'proxy', upstream: 'api', route: '/', path: '/' }],
    ['/api/0', { kind: 'proxy', upstream: 'api', route: '/api/0', path: '/api/0' }],
    ['/api/0/run?a=1', { kind: 'proxy', upstream: 'api', route: '/api/0', path: '/api/0/run?a=1' }],
    ['/api/0/spec/openapi.json', { kind: 'proxy', upstream: 'api', route: '/api/0', path: '/api/0/spec/openapi.json' }],
    ['/api/0/x/../../../health', { kind: 'health', route: '/health' }],
    ['/health', { kind: 'health', route: '/health' }],
    ['/api/1/run', { kind: 'not_found', route: '(unrouted)' }],
    ['/api/0/../admin', { kind: 'not_found', route: '(unrouted)' }],
    ['/metrics', { kind: 'not_found', route: '/metrics' }],
    ['/api/0/..%2f..%2fmetrics', { kind: 'proxy', upstream: 'api', route: '/api/0', path: '/api/0/..%2f..%2fmetrics' }],
    ['http://evil.example/api/0/run', { kind: 'bad_request', route: '(bad request)' }],
    ['*', { kind: 'bad_request', route: '(bad request)' }],
  ])('api listener: %s', (target, expected) => {
    expect(routeRequest('api', target)).toEqual(expected);
  });

  test('auth and etl listeners route every path but /metrics to their upstream', () => {
    expect(routeRequest('auth', '/login?next=/x')).toEqual({ kind: 'proxy', upstream: 'auth', route: 'auth:/', path: '/login?next=/x' });
    expect(routeRequest('auth', '/health')).toEqual({ kind: 'proxy', upstream: 'auth', route: 'auth:/', path: '/health' });
    expect(routeRequest('etl', '/')).toEqual({ kind: 'proxy', upstream: 'etl', route: 'etl:/', path: '/' });
    expect(routeRequest('auth', '/Metrics/')).toEqual({ kind: 'not_found', route: '/metrics' });
  });

  test('normalizeTarget keeps a leading double slash as a path, never a host', () => {
    expect(normalizeTarget('//evil.example/x')).toEqual({ pathname: '//evil.example/x', search: '' });
    expect(normalizeTarget('/a\\..\\b')).toEqual({ pathname: '/b', search: '' });
  });

  test.each(['/metrics', '/METRICS', '/metrics/', '//metrics', '/%6detrics', '/metrics/x', '/metrics//'])('isMetricsPath(%s)', (p) => {
    expect(isMetricsPath(p)).toBe(true);
  });

  test.each(['/metricsx', '/api/0/metrics', '/', '/%zz'])('not isMetricsPath(%s)', (p) => {
    expect(isMetricsPath(p)).toBe(false);
  });
});
