/** Why a call to the API failed (closed union; branch on this, never on the message). */
export type FlowclientErrorCode =
  /** The server could not be reached (connection refused, TLS failure, socket timeout). */
  | 'UNREACHABLE'
  /** 401 / 403 / 422: the token is missing, invalid, expired, revoked or lacks the scopes. */
  | 'ACCESS_DENIED'
  /** 400: the spec could not be parsed or failed validation (`payload` carries the error tree). */
  | 'BAD_REQUEST'
  /** 404: unknown query id, or a query that is not running (FlowClient's FileNotFoundError). */
  | 'NOT_FOUND'
  /** 409 on cancel: the query is not running. */
  | 'CONFLICT'
  /** The query finished with an error or was cancelled while being waited for. */
  | 'QUERY_FAILED'
  /** `/get` answered 202: the result is not ready yet. */
  | 'NOT_READY'
  /** The wait deadline passed. */
  | 'TIMEOUT'
  /** An unexpected status or body (5xx, a reply without the fields the contract promises). */
  | 'UNEXPECTED_RESPONSE';

/**
 * FlowClient's `FlowclientConnectionError`: every failure of a `Connection` call, carrying the HTTP status, the
 * server's `msg` (both FlowKit error shapes carry one, spec/api.md §1), the query `status` when the body had one, and
 * the `payload` of a 400 validation error. The message reads like FlowClient's.
 */
export class FlowclientConnectionError extends Error {
  readonly code: FlowclientErrorCode;
  /** HTTP status of the reply; undefined when there was none. */
  readonly status: number | undefined;
  /** The server's `msg` (or our own description when the server gave none). */
  readonly msg: string;
  /** `status` field of a query error body (`errored`, `cancelled`, `awol`, ...). */
  readonly queryStatus: string | undefined;
  /** `payload` of a 400 validation error: `{ params, orig_error_msg }`. */
  readonly payload: unknown;

  constructor(
    code: FlowclientErrorCode,
    message: string,
    details: { status?: number; msg?: string; queryStatus?: string; payload?: unknown; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FlowclientConnectionError';
    this.code = code;
    this.status = details.status;
    this.msg = details.msg ?? message;
    this.queryStatus = details.queryStatus;
    this.payload = details.payload;
  }
}
