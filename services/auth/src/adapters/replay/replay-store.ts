/**
 * The replay and rate-limit store of auth.md §10-§11.5, chosen by FLOWAUTH_CACHE_BACKEND. Few verbs, so each
 * backend (memory, file, redis, database) is small.
 */

export interface CounterState {
  count: number;
  /** Seconds until the counter's window ends (0 when there is no counter). */
  retryAfterSeconds: number;
}

export interface ReplayStore {
  readonly backend: 'memory' | 'file' | 'redis' | 'database';
  /**
   * Atomically stores `step` under `key` when it is strictly greater than the stored step (or none is stored) and
   * keeps it at least `ttlSeconds`; returns whether it was stored. Used for step-monotonic TOTP replay protection.
   */
  advanceStep(key: string, step: number, ttlSeconds: number): Promise<boolean>;
  /** Adds one to a fixed-window counter that starts with the first increment and lasts `windowSeconds`. */
  increment(key: string, windowSeconds: number): Promise<CounterState>;
  /** The current counter (count 0 when absent or expired). */
  peek(key: string): Promise<CounterState>;
  /** Deletes a counter. */
  reset(key: string): Promise<void>;
  /** Throws when the store cannot be used (for /health). */
  check(): Promise<void>;
  /** Releases connections; idempotent. */
  close(): Promise<void>;
}

/** An entry of the memory and file backends: a value and its expiry in epoch milliseconds. */
export type Entry = [value: number, expiresAtMs: number];

/** Shared logic of the map-based backends (memory, file). Mutates `entries`; returns the result. */
export const mapOps = {
  advanceStep(entries: Record<string, Entry>, key: string, step: number, ttlSeconds: number, nowMs: number): boolean {
    const e = entries[key];
    if (e && e[1] > nowMs && e[0] >= step) return false;
    entries[key] = [step, nowMs + ttlSeconds * 1000];
    return true;
  },
  increment(entries: Record<string, Entry>, key: string, windowSeconds: number, nowMs: number): CounterState {
    const e = entries[key];
    const live = e && e[1] > nowMs ? e : ([0, nowMs + windowSeconds * 1000] as Entry);
    live[0] += 1;
    entries[key] = live;
    return { count: live[0], retryAfterSeconds: Math.ceil((live[1] - nowMs) / 1000) };
  },
  peek(entries: Record<string, Entry>, key: string, nowMs: number): CounterState {
    const e = entries[key];
    if (!e || e[1] <= nowMs) return { count: 0, retryAfterSeconds: 0 };
    return { count: e[0], retryAfterSeconds: Math.ceil((e[1] - nowMs) / 1000) };
  },
  prune(entries: Record<string, Entry>, nowMs: number): void {
    for (const [k, e] of Object.entries(entries)) if (e[1] <= nowMs) delete entries[k];
  },
};
