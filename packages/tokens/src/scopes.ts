import { TokenError, TokenErrorCode } from './errors.js';
import { compareCodePoints, type RoleClaims } from './claims-compression.js';

/** The four action scopes of tokens.md §4.1. */
export const SimpleScope = {
  Run: 'run',
  GetResult: 'get_result',
  GetAvailableDates: 'get_available_dates',
  GetQaChecks: 'get_qa_checks',
} as const;
export type SimpleScope = (typeof SimpleScope)[keyof typeof SimpleScope];

const SIMPLE_SCOPES: ReadonlySet<string> = new Set(Object.values(SimpleScope));
const NAME = '[a-z0-9_-]+';
const TRIPLET = new RegExp(`^${NAME}:${NAME}:${NAME}$`);

/** Whether a scope follows the grammar of tokens.md §4.1 (what Flowdeck publishes and mints). */
export function isValidScope(scope: string): boolean {
  return SIMPLE_SCOPES.has(scope) || TRIPLET.test(scope);
}

/** `unit:topLevelKind:subKind` (tokens.md §4.2). */
export function scopeTriplet(unit: string, topLevelKind: string, subKind: string): string {
  return `${unit}:${topLevelKind}:${subKind}`;
}

/**
 * Names of every role that holds all the required scopes (tokens.md §5, the single-role rule), sorted by
 * code point. Scopes of different roles are never combined; matching is exact string equality.
 */
export function findGrantingRoles(roles: RoleClaims, required: Iterable<string>): string[] {
  const needed = [...new Set(required)];
  return Object.keys(roles)
    .filter((role) => {
      const held = new Set(roles[role] ?? []);
      return needed.every((scope) => held.has(scope));
    })
    .sort(compareCodePoints);
}

/** Name of a role holding every required scope (the first by code point), or undefined. */
export function findGrantingRole(roles: RoleClaims, required: Iterable<string>): string | undefined {
  return findGrantingRoles(roles, required)[0];
}

/**
 * Step 9 of tokens.md §6: returns the granting role's name, or throws TokenError CLAIMS_VERIFICATION_FAILED
 * (403 "User claims verification failed").
 */
export function requireScopes(token: { roles: RoleClaims }, required: Iterable<string>): string {
  const role = findGrantingRole(token.roles, required);
  if (role === undefined) {
    throw new TokenError(TokenErrorCode.ClaimsVerificationFailed, 'User claims verification failed');
  }
  return role;
}
