import type { Request, Response } from 'express';

/** Parses the Cookie header (first value of each name wins). */
export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export interface CookieOptions {
  httpOnly?: boolean;
  secure: boolean;
  /** Seconds; 0 deletes the cookie. Absent = session cookie. */
  maxAgeSeconds?: number;
}

/** Sets a cookie (Path=/, SameSite=Lax), replacing any Set-Cookie for the same name already on the response. */
export function setCookie(res: Response, name: string, value: string, o: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  if (o.maxAgeSeconds !== undefined) {
    parts.push(`Max-Age=${o.maxAgeSeconds}`);
    if (o.maxAgeSeconds === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  const existing = res.getHeader('Set-Cookie');
  const list = (Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)]).filter(
    (c) => !c.startsWith(`${name}=`),
  );
  res.setHeader('Set-Cookie', [...list, parts.join('; ')]);
}
