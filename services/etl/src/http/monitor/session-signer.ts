import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface MonitorSession {
  username: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface SessionSignerOptions {
  /** HMAC-SHA256 key; default 32 random bytes drawn once per process (sessions end when the process restarts). */
  key?: Buffer;
  ttlSeconds: number;
  /** Epoch milliseconds. */
  now: () => number;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/**
 * Stateless monitor sessions: the cookie value is `v1.<b64url(username)>.<expires epoch s>.<b64url(HMAC-SHA256)>`.
 * The key is random per process rather than derived from the admin password, so a stolen cookie gives no offline
 * oracle for guessing the password.
 */
export class SessionSigner {
  private readonly key: Buffer;

  constructor(private readonly options: SessionSignerOptions) {
    this.key = options.key ?? randomBytes(32);
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }

  /** A new cookie value for `username`, valid for ttlSeconds. */
  issue(username: string): { value: string; expiresAt: number } {
    const expiresAt = Math.floor(this.options.now() / 1000) + this.options.ttlSeconds;
    const payload = `v1.${b64url(username)}.${expiresAt}`;
    return { value: `${payload}.${b64url(this.mac(payload))}`, expiresAt };
  }

  /** The session a cookie value carries, or undefined when absent, malformed, forged or expired. */
  verify(value: string | undefined): MonitorSession | undefined {
    if (value === undefined) return undefined;
    const parts = value.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1' || !/^\d{1,12}$/.test(parts[2]!)) return undefined;
    const payload = parts.slice(0, 3).join('.');
    // Compare the canonical text, not decoded bytes: base64url decoding ignores the spare bits of the last character.
    const given = Buffer.from(parts[3]!, 'utf8');
    const expected = Buffer.from(b64url(this.mac(payload)), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const expiresAt = Number(parts[2]);
    if (expiresAt * 1000 <= this.options.now()) return undefined;
    return { username: Buffer.from(parts[1]!, 'base64url').toString('utf8'), expiresAt };
  }
}
