import { randomUUID } from 'node:crypto';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Reuses an incoming `X-Request-Id` when it is safe to echo (spec/api.md §1), else makes a UUID4. */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && VALID_REQUEST_ID.test(value) ? value : randomUUID();
}
