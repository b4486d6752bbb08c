import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { deriveToken, signValue, tokenMatches, unsignValue } from '../domain/signed-value.js';
import { setCookie } from './cookies.js';

/** Cookie names of auth.md §2. */
export const SESSION_COOKIE = 'session';
export const CSRF_COOKIE = 'X-CSRF';
export const CSRF_HEADER = 'x-csrf-token';

const SESSION_PURPOSE = 'flowauth.session';
const CSRF_PURPOSE = 'flowauth.csrf';

/** Session lifetimes (auth.md §2). */
export const SESSION_IDLE_MS = 20 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionId(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

/** The session id of a signed cookie value, or undefined when forged (or signed with a previous SECRET_KEY). */
export function readSessionCookie(secret: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : unsignValue(secret, SESSION_PURPOSE, value);
}

/**
 * CSRF token bound to the session (its id hash), or to "no session" for anonymous clients; anonymous tokens only
 * ever reach routes that then answer Login required.
 */
export function csrfToken(secret: string, idHash: string | undefined): string {
  return deriveToken(secret, CSRF_PURPOSE, idHash ?? '');
}

export function csrfTokenValid(secret: string, idHash: string | undefined, candidate: unknown): boolean {
  return typeof candidate === 'string' && tokenMatches(secret, CSRF_PURPOSE, idHash ?? '', candidate);
}

/** Sets (or, with sid undefined, deletes) the session cookie and the matching X-CSRF cookie. */
export function setSessionCookies(
  res: Response,
  o: { secret: string; secure: boolean; sid: string | undefined; idHash: string | undefined; writeSession: boolean },
): void {
  if (o.writeSession) {
    if (o.sid === undefined) setCookie(res, SESSION_COOKIE, '', { httpOnly: true, secure: o.secure, maxAgeSeconds: 0 });
    else setCookie(res, SESSION_COOKIE, signValue(o.secret, SESSION_PURPOSE, o.sid), { httpOnly: true, secure: o.secure });
  }
  setCookie(res, CSRF_COOKIE, csrfToken(o.secret, o.idHash), { secure: o.secure });
}
