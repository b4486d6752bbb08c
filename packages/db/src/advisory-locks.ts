/**
 * Postgres advisory-lock keys used across Flowdeck. Named constants so two pieces of code never pick the same key
 * by accident; each is an arbitrary fixed signed 64-bit integer.
 */
export const AdvisoryLock = {
  /** Held while FlowDB migrations run (services/flowdb). */
  flowdbMigrations: 7_346_112_901_223_001n,
  /** Held while auth's migrations run. */
  authMigrations: 7_346_112_901_223_002n,
  /** Held by the cache evictor (spec/flowdb.md §8.2, "cache-evict"). */
  cacheEvict: 7_346_112_901_223_003n,
  /** Held while Postgres tuning is applied with ALTER SYSTEM. */
  flowdbTuning: 7_346_112_901_223_004n,
} as const;
