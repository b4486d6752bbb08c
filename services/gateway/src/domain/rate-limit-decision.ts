/** Outcome of one rate-limit check. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Whether a request is within both budgets, given the counters after counting it. A limit of 0 means no limit.
 * `Retry-After` is the time until the current window ends, in whole seconds (at least 1).
 */
export function decideRateLimit(input: {
  subjectCount: number;
  addressCount: number;
  subjectLimit: number;
  addressLimit: number;
  resetInMs: number;
}): RateLimitDecision {
  const overSubject = input.subjectLimit > 0 && input.subjectCount > input.subjectLimit;
  const overAddress = input.addressLimit > 0 && input.addressCount > input.addressLimit;
  if (!overSubject && !overAddress) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(input.resetInMs / 1000)) };
}
