/**
 * Errors of services/auth. Every refusal is an `AuthError` carrying FlowAuth's `InvalidUsage` body
 * (`{"message", "code"}` plus optional fields such as `bad_field`); the error middleware is the only code that
 * writes error responses (spec/auth.md §1).
 */

/** Stable codes for branching; never branch on message text. */
export const AuthErrorCode = {
  BadRequest: 'BAD_REQUEST',
  LoginRequired: 'LOGIN_REQUIRED',
  AdminRequired: 'ADMIN_REQUIRED',
  CsrfError: 'CSRF_ERROR',
  TwoFactorSetupRequired: 'TWO_FACTOR_SETUP_REQUIRED',
  Unauthorized: 'UNAUTHORIZED',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  Internal: 'INTERNAL',
  Unavailable: 'UNAVAILABLE',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

export type ErrorExtras = Record<string, unknown>;

export class AuthError extends Error {
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: AuthErrorCode,
    message: string,
    readonly extras: ErrorExtras = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AuthError';
    this.expose = status < 500 || status === 503;
  }

  /** FlowAuth's InvalidUsage body. */
  get body(): Record<string, unknown> {
    return { message: this.message, code: this.status, ...this.extras };
  }
}

export const badRequest = (message: string, extras: ErrorExtras = {}): AuthError =>
  new AuthError(400, AuthErrorCode.BadRequest, message, extras);
export const badField = (field: string, message: string): AuthError => badRequest(message, { bad_field: field });
export const unauthorized = (message: string, extras: ErrorExtras = {}): AuthError =>
  new AuthError(401, AuthErrorCode.Unauthorized, message, extras);
export const notFound = (thing: string): AuthError => new AuthError(404, AuthErrorCode.NotFound, `${thing} not found.`);
export const loginRequired = (): AuthError => new AuthError(401, AuthErrorCode.LoginRequired, 'Login required.');
export const adminRequired = (): AuthError => new AuthError(401, AuthErrorCode.AdminRequired, 'Admin access required.');
export const csrfError = (): AuthError => new AuthError(401, AuthErrorCode.CsrfError, 'CSRF error');
export const twoFactorSetupRequired = (): AuthError =>
  new AuthError(401, AuthErrorCode.TwoFactorSetupRequired, 'Two-factor setup required.', { require_two_factor_setup: true });
export const rateLimited = (retryAfterSeconds: number): AuthError =>
  new AuthError(429, AuthErrorCode.RateLimited, 'Too many failed sign-in attempts. Try again later.', {}, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
