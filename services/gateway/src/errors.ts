/** Codes of every refusal the gateway itself answers (it never rewrites upstream errors). */
export const GatewayErrorCode = {
  BadRequest: 'BAD_REQUEST',
  NotFound: 'NOT_FOUND',
  BodyTooLarge: 'BODY_TOO_LARGE',
  TooManyRequests: 'TOO_MANY_REQUESTS',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/** Body shapes of spec/api.md §1: `{msg}` for request errors, `{status, msg}` for service errors. */
export type ErrorBody = { msg: string } | { status: string; msg: string };

/** A refusal with its HTTP status and FlowKit-shaped body; `send-error.ts` is the only code that writes it. */
export class GatewayError extends Error {
  readonly expose: boolean;
  /** Extra response headers (Retry-After). */
  readonly headers: Record<string, string>;
  constructor(
    readonly code: GatewayErrorCode,
    readonly status: number,
    readonly body: ErrorBody,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(body.msg, options);
    this.name = 'GatewayError';
    this.expose = status < 500 || status === 502;
    this.headers = options?.headers ?? {};
  }
}

/** Request target that is not an origin-form path. */
export function badRequest(): GatewayError {
  return new GatewayError(GatewayErrorCode.BadRequest, 400, { msg: 'Bad request.' });
}

/** A path no listener routes (including /metrics, which the gateway never routes: spec/api.md §11.3). */
export function notFound(): GatewayError {
  return new GatewayError(GatewayErrorCode.NotFound, 404, { msg: 'Not found.' });
}

/** Body larger than MAX_REQUEST_SIZE_MB (spec/api.md §1). */
export function bodyTooLarge(): GatewayError {
  return new GatewayError(GatewayErrorCode.BodyTooLarge, 413, { msg: 'Request body too large.' });
}

/** Rate limit exceeded; `Retry-After` in whole seconds. */
export function tooManyRequests(retryAfterSeconds: number): GatewayError {
  return new GatewayError(GatewayErrorCode.TooManyRequests, 429, { msg: 'Too many requests.' }, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/** The upstream refused the connection, reset it, or failed before sending a response head. */
export function upstreamUnavailable(cause?: unknown): GatewayError {
  return new GatewayError(GatewayErrorCode.UpstreamUnavailable, 502, { status: 'Error', msg: 'Upstream unavailable.' }, { cause });
}

/** Anything unexpected (a bug): the fixed body of spec/api.md §1. */
export function internalError(cause?: unknown): GatewayError {
  return new GatewayError(GatewayErrorCode.Internal, 500, { status: 'Error', msg: 'Internal server error.' }, { cause });
}
