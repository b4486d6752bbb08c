/** Codes of ETL errors; callers branch on `code`. */
export type EtlErrorCode = 'INGEST_IN_PROGRESS' | 'CONTENT_REJECTED' | 'ETL_DIR_UNREADABLE' | 'NO_SOURCE_FILE' | 'INGEST_FAILED' | 'INGEST_TIMED_OUT';

/**
 * A refusal or a rejected file. `CONTENT_REJECTED` means the file itself is wrong (columns, types, dates outside the
 * day) and is recorded as `quarantined`; retrying the same file cannot succeed.
 */
export class EtlError extends Error {
  readonly status: number;
  readonly expose = true;
  constructor(
    readonly code: EtlErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EtlError';
    this.status = code === 'INGEST_IN_PROGRESS' ? 409 : code === 'CONTENT_REJECTED' ? 422 : code === 'NO_SOURCE_FILE' ? 404 : 500;
  }
}
