import type { Listener } from './listeners.js';

/**
 * Conservative policy for the auth console: forbids framing, plugins and <base> hijacking, and restricts nothing
 * a server-rendered page with its own scripts and styles needs. Sent only when auth sets no CSP of its own.
 */
export const AUTH_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

/** Headers the gateway always sets itself; upstream values for these are replaced. */
export const ENFORCED_SECURITY_HEADERS = ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];

/**
 * Security headers of every response on `listener`. HSTS only over TLS (browsers ignore it on plain HTTP, and the
 * plain mode is development-only). The CSP is a default for the auth listener, not an override.
 */
export function securityHeaders(listener: Listener, opts: { tls: boolean }): {
  enforced: Record<string, string>;
  defaults: Record<string, string>;
} {
  const enforced: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
  if (opts.tls) enforced['strict-transport-security'] = 'max-age=31536000';
  const defaults: Record<string, string> = listener === 'auth' ? { 'content-security-policy': AUTH_CONTENT_SECURITY_POLICY } : {};
  return { enforced, defaults };
}
