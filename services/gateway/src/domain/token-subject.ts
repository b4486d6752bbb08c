const BEARER = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/i;

/**
 * The `sub` claim of a bearer JWT, decoded WITHOUT verifying the signature: it only picks a rate-limit bucket.
 * The api and auth verify tokens themselves. Because the claim is unverified, a client can spend someone else's
 * per-subject budget by forging their `sub`; the per-address limit bounds what such a client can do, and the
 * victim's real requests are still verified upstream. Returns undefined when there is no decodable subject.
 */
export function tokenSubject(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = BEARER.exec(authorization.trim());
  const payload = match?.[2];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (claims === null || typeof claims !== 'object') return undefined;
    const sub = (claims as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub !== '' ? sub : undefined;
  } catch {
    // Not JSON: the request has no usable subject and is bucketed by address; the upstream rejects the token.
    return undefined;
  }
}
