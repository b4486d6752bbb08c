import type { Listener, UpstreamName } from './listeners.js';

/** Where one request goes. `route` is the label of the access log (a prefix, never the raw path). */
export type RouteDecision =
  | { kind: 'proxy'; upstream: UpstreamName; route: string; /** normalised path and query sent upstream */ path: string }
  | { kind: 'health'; route: '/health' }
  | { kind: 'not_found'; route: string }
  | { kind: 'bad_request'; route: '(bad request)' };

const API_BASE = '/api/0';

/**
 * Normalises an origin-form request target with the WHATWG URL parser (`..`, `%2e%2e` and `\` segments resolved)
 * so that routing decides on the same path the upstream receives. Absolute-form, authority-form and `*` targets
 * are refused.
 */
export function normalizeTarget(rawTarget: string): { pathname: string; search: string } | undefined {
  if (!rawTarget.startsWith('/')) return undefined;
  let url: URL;
  try {
    // Concatenation (not `new URL(target, base)`) so that `//host/x` stays a path instead of becoming a host.
    url = new URL(`http://gateway.invalid${rawTarget}`);
  } catch {
    return undefined;
  }
  if (url.host !== 'gateway.invalid') return undefined;
  return { pathname: url.pathname, search: url.search };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Whether a path would reach an upstream's `/metrics` under lenient routing (case-insensitive, trailing or doubled
 * slashes, percent-encoding). The gateway never routes these from outside (spec/api.md §11.3).
 */
export function isMetricsPath(pathname: string): boolean {
  const p = safeDecode(pathname).toLowerCase().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return p === '/metrics' || p.startsWith('/metrics/');
}

/**
 * Routing table of spec/deployment.md §6. API listener: `/` and `/api/0/*` to the api; `/health` is answered by the
 * gateway itself (its own report, checks `api` and `auth`; the api's own /health stays reachable on the api port
 * inside the stack). Auth and ETL listeners: everything to their upstream. No listener routes `/metrics`.
 */
export function routeRequest(listener: Listener, rawTarget: string): RouteDecision {
  const target = normalizeTarget(rawTarget);
  if (target === undefined) return { kind: 'bad_request', route: '(bad request)' };
  const { pathname, search } = target;
  if (isMetricsPath(pathname)) return { kind: 'not_found', route: '/metrics' };
  const path = pathname + search;
  if (listener !== 'api') return { kind: 'proxy', upstream: listener, route: `${listener}:/`, path };
  if (pathname === '/health') return { kind: 'health', route: '/health' };
  if (pathname === '/') return { kind: 'proxy', upstream: 'api', route: '/', path };
  if (pathname === API_BASE || pathname.startsWith(`${API_BASE}/`)) return { kind: 'proxy', upstream: 'api', route: API_BASE, path };
  return { kind: 'not_found', route: '(unrouted)' };
}
