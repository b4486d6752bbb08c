/** Length of one rate-limit window: the limits are per minute. */
export const RATE_WINDOW_MS = 60_000;

/**
 * The fixed window `nowMs` falls in: its index (part of the Redis key, so replicas with roughly synchronised
 * clocks share a counter) and the milliseconds until it ends.
 */
export function rateWindow(nowMs: number): { index: number; resetInMs: number } {
  const index = Math.floor(nowMs / RATE_WINDOW_MS);
  return { index, resetInMs: (index + 1) * RATE_WINDOW_MS - nowMs };
}
