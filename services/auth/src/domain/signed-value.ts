import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 (SECRET_KEY) signatures for session ids, CSRF tokens and the opaque two-factor set-up values of
 * auth.md §2 and §8. `purpose` separates the uses so that one kind of value can never stand in for another.
 */

function mac(secret: string, purpose: string, data: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${data}`).digest('base64url');
}

function equal(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** `<data>.<mac>`; `data` must not contain `.`-free assumptions: it is kept verbatim before the last dot. */
export function signValue(secret: string, purpose: string, data: string): string {
  return `${data}.${mac(secret, purpose, data)}`;
}

/** The data of a value signed by `signValue`, or undefined when the signature does not match. */
export function unsignValue(secret: string, purpose: string, value: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const data = value.slice(0, dot);
  return equal(value.slice(dot + 1), mac(secret, purpose, data)) ? data : undefined;
}

/** A bare MAC (used for CSRF tokens derived from the session id). */
export function deriveToken(secret: string, purpose: string, data: string): string {
  return mac(secret, purpose, data);
}

/** Constant-time check of a derived token. */
export function tokenMatches(secret: string, purpose: string, data: string, candidate: string): boolean {
  return equal(candidate, mac(secret, purpose, data));
}

/** Signs a JSON payload with its issue time (epoch seconds): base64url(JSON).mac. */
export function signPayload(secret: string, purpose: string, payload: Record<string, unknown>, nowSeconds: number): string {
  const data = Buffer.from(JSON.stringify({ ...payload, iat: nowSeconds })).toString('base64url');
  return signValue(secret, purpose, data);
}

/** The payload of a value from `signPayload`, or undefined when forged, malformed or older than `maxAgeSeconds`. */
export function verifyPayload(
  secret: string,
  purpose: string,
  value: unknown,
  opts: { maxAgeSeconds: number; nowSeconds: number },
): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  const data = unsignValue(secret, purpose, value);
  if (data === undefined) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as Record<string, unknown>;
    const iat = payload.iat;
    if (typeof iat !== 'number' || opts.nowSeconds - iat > opts.maxAgeSeconds || iat > opts.nowSeconds + 60) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
