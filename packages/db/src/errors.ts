/** A dependency (Postgres, Redis) that is down or unreachable; HTTP layers answer 503 with `Retry-After: 5`. */
export class DependencyUnavailable extends Error {
  readonly code = 'DEPENDENCY_UNAVAILABLE' as const;
  readonly status = 503;
  readonly expose = true;
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
    this.name = 'DependencyUnavailable';
  }
}

/** Codes a migration run can fail with. */
export type MigrationErrorCode = 'MIGRATION_CHANGED' | 'SCHEMA_OUTDATED' | 'RESET_REFUSED' | 'MIGRATION_FAILED';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/** Whether a driver error means "the database is not there" rather than "the query is wrong". */
export function isConnectionError(err: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (Jest's VM modules).
  if (err === null || typeof err !== 'object') return false;
  const { code, name, message, errors } = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  if (name === 'KnexTimeoutError') return true;
  // AggregateError from a dual-stack connect attempt: any refused address counts.
  if (Array.isArray(errors) && errors.some((e) => isConnectionError(e))) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Timeout acquiring a connection/i.test(message)
  );
}
