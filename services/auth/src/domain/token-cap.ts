/**
 * Token lifetime caps (auth.md §9). Pure: `now` is passed in.
 */

export interface LifetimeLimits {
  latestTokenExpiry: Date | null;
  longestTokenLifeMinutes: number;
}

export interface CapSubject extends LifetimeLimits {
  type: 'server' | 'role';
  name: string;
}

export interface LimitedBy {
  type: 'server' | 'role';
  name: string;
}

export interface TokenCap {
  /** The latest permitted expiry. */
  cap: Date;
  /** Subjects whose next expiry equals the cap (the binding limits). */
  limitedBy: LimitedBy[];
  /** Subjects whose next expiry is already past (non-empty only when the cap is past). */
  expired: LimitedBy[];
}

/** `min(latest_token_expiry (ignored when null), now + longest_token_life_minutes)`. */
export function nextExpiry(x: LifetimeLimits, now: Date): Date {
  const rolling = now.getTime() + x.longestTokenLifeMinutes * 60_000;
  const latest = x.latestTokenExpiry?.getTime();
  return new Date(latest === undefined ? rolling : Math.min(latest, rolling));
}

/** Cap for a server and the requested roles. */
export function computeCap(server: CapSubject, roles: readonly CapSubject[], now: Date): TokenCap {
  const subjects = [server, ...roles].map((s) => ({ s, next: nextExpiry(s, now).getTime() }));
  const cap = Math.min(...subjects.map((x) => x.next));
  const name = ({ s }: { s: CapSubject }): LimitedBy => ({ type: s.type, name: s.name });
  return {
    cap: new Date(cap),
    limitedBy: subjects.filter((x) => x.next === cap).map(name),
    expired: subjects.filter((x) => x.next <= now.getTime()).map(name),
  };
}

export type ExpiryDecision =
  | { ok: true; exp: number }
  | { ok: false; reason: 'cap_passed' | 'lifetime_invalid' | 'lifetime_exceeds_cap' };

/**
 * Decides `exp` (epoch seconds) from the cap and an optional requested lifetime in minutes. `lifetime` must be a
 * positive integer (JSON booleans are not integers).
 */
export function decideExpiry(cap: Date, lifetimeMinutes: unknown, now: Date): ExpiryDecision {
  const nowSec = Math.floor(now.getTime() / 1000);
  const capSec = Math.floor(cap.getTime() / 1000);
  if (capSec <= nowSec) return { ok: false, reason: 'cap_passed' };
  if (lifetimeMinutes === undefined || lifetimeMinutes === null) return { ok: true, exp: capSec };
  if (typeof lifetimeMinutes !== 'number' || !Number.isSafeInteger(lifetimeMinutes) || lifetimeMinutes <= 0) {
    return { ok: false, reason: 'lifetime_invalid' };
  }
  const exp = nowSec + lifetimeMinutes * 60;
  if (exp > capSec) return { ok: false, reason: 'lifetime_exceeds_cap' };
  return { ok: true, exp };
}
