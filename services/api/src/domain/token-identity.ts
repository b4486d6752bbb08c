/** What the access log may show about a token: never the token itself or its claims (spec/api.md §2). */
export interface TokenIdentity {
  user?: string;
  jti?: string;
  kid?: string;
}

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  if (segment === undefined || segment.length > 65_536) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 256 ? v : undefined);

/**
 * `sub`, `jti` and `kid` of a refused token, read without verification and only for the access log ("the sub, when
 * decodable"). Never throws.
 */
export function peekTokenIdentity(authorization: string | undefined): TokenIdentity {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) return {};
  const [header, payload] = authorization.slice(7).split('.');
  const h = decodeSegment(header);
  const p = decodeSegment(payload);
  const out: TokenIdentity = {};
  const user = str(p?.sub);
  const jti = str(p?.jti);
  const kid = str(h?.kid);
  if (user !== undefined) out.user = user;
  if (jti !== undefined) out.jti = jti;
  if (kid !== undefined) out.kid = kid;
  return out;
}
