/** What `POST /admin/servers/from_spec` reads from an OpenAPI document (auth.md §6.1). */
export interface PublishedServer {
  name: string;
  scopes: string[];
}

export const MAX_SERVER_NAME_CHARS = 120;
export const MAX_SCOPE_CHARS = 512;

/** `components.securitySchemes.token["x-audience"]` and `["x-security-scopes"]`, or undefined when invalid. */
export function readPublishedServer(spec: unknown): PublishedServer | undefined {
  const token = (spec as { components?: { securitySchemes?: { token?: Record<string, unknown> } } } | null)?.components
    ?.securitySchemes?.token;
  if (typeof token !== 'object' || token === null) return undefined;
  const name = token['x-audience'];
  const scopes = token['x-security-scopes'];
  if (typeof name !== 'string' || name === '' || name.length > MAX_SERVER_NAME_CHARS) return undefined;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && s !== '' && s.length <= MAX_SCOPE_CHARS)) return undefined;
  return { name, scopes: [...new Set(scopes as string[])] };
}

export interface ScopeMergePlan {
  add: string[];
  disable: string[];
  enable: string[];
  unchanged: number;
}

/**
 * Merge semantics of §6.1: new names are added enabled, names no longer published are disabled (never deleted),
 * the rest keep their state. A published name that was disabled is re-enabled (it is published again).
 */
export function planScopeMerge(existing: readonly { name: string; enabled: boolean }[], published: readonly string[]): ScopeMergePlan {
  const have = new Map(existing.map((s) => [s.name, s.enabled]));
  const pub = new Set(published);
  const add = published.filter((n) => !have.has(n));
  const disable = existing.filter((s) => !pub.has(s.name) && s.enabled).map((s) => s.name);
  const enable = existing.filter((s) => pub.has(s.name) && !s.enabled).map((s) => s.name);
  const unchanged = existing.length - disable.length - enable.length;
  return { add, disable, enable, unchanged };
}
