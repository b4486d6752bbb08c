import { toClientHeaders } from '../../src/domain/client-headers.js';
import { stripHopByHop } from '../../src/domain/hop-by-hop.js';
import { AUTH_CONTENT_SECURITY_POLICY, securityHeaders } from '../../src/domain/security-headers.js';
import { toUpstreamHeaders } from '../../src/domain/upstream-headers.js';

describe('header rewriting', () => {
  test('strips hop-by-hop headers, including those named in Connection', () => {
    expect(
      stripHopByHop({ connection: 'keep-alive, x-private', 'keep-alive': 'timeout=5', 'x-private': '1', 'transfer-encoding': 'chunked', upgrade: 'h2c', te: 'trailers', accept: '*/*' }),
    ).toEqual({ accept: '*/*' });
  });

  test('upstream request headers: forwarding facts set by the gateway, spoofed ones dropped, Host kept', () => {
    const out = toUpstreamHeaders(
      { host: 'flow.api', authorization: 'Bearer t', 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6', 'x-real-ip': '6.6.6.6', expect: '100-continue', connection: 'close' },
      { requestId: 'r1', clientAddress: '10.1.2.3', proto: 'https' },
    );
    expect(out).toEqual({
      host: 'flow.api',
      authorization: 'Bearer t',
      'x-request-id': 'r1',
      'x-forwarded-for': '10.1.2.3',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'flow.api',
    });
  });

  test('client response headers: enforced security headers win, auth CSP only as a default', () => {
    const auth = securityHeaders('auth', { tls: true });
    const own = toClientHeaders({ 'content-security-policy': "default-src 'self'", 'x-frame-options': 'SAMEORIGIN', 'x-request-id': 'other' }, { requestId: 'r1', ...auth });
    expect(own['content-security-policy']).toBe("default-src 'self'");
    expect(own['x-frame-options']).toBe('DENY');
    expect(own['x-request-id']).toBe('r1');
    expect(own['strict-transport-security']).toBe('max-age=31536000');
    const none = toClientHeaders({}, { requestId: 'r1', ...auth });
    expect(none['content-security-policy']).toBe(AUTH_CONTENT_SECURITY_POLICY);
    const api = toClientHeaders({}, { requestId: 'r1', ...securityHeaders('api', { tls: false }) });
    expect(api['content-security-policy']).toBeUndefined();
    expect(api['strict-transport-security']).toBeUndefined();
  });
});
