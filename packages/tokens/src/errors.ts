/** Access-log events of spec/api.md §2; each TokenError carries the one its refusal is logged under. */
export const AccessEvent = {
  Unauthorised: 'UNAUTHORISED',
  InvalidToken: 'INVALID_TOKEN',
  ExpiredToken: 'EXPIRED_TOKEN',
  RevokedToken: 'REVOKED_TOKEN',
  ClaimsVerificationFailed: 'CLAIMS_VERIFICATION_FAILED',
} as const;
export type AccessEvent = (typeof AccessEvent)[keyof typeof AccessEvent];

/** Every way a token can be refused (tokens.md §6); callers branch on these, never on message text. */
export const TokenErrorCode = {
  MissingAuthorizationHeader: 'MISSING_AUTHORIZATION_HEADER',
  BadAuthorizationHeader: 'BAD_AUTHORIZATION_HEADER',
  MalformedToken: 'MALFORMED_TOKEN',
  AlgNotAllowed: 'ALG_NOT_ALLOWED',
  UnsupportedCrit: 'UNSUPPORTED_CRIT',
  InvalidTokenType: 'INVALID_TOKEN_TYPE',
  SignatureInvalid: 'SIGNATURE_INVALID',
  MissingClaim: 'MISSING_CLAIM',
  InvalidClaim: 'INVALID_CLAIM',
  TokenExpired: 'TOKEN_EXPIRED',
  TokenNotYetValid: 'TOKEN_NOT_YET_VALID',
  InvalidAudience: 'INVALID_AUDIENCE',
  TokenRevoked: 'TOKEN_REVOKED',
  InvalidUserClaims: 'INVALID_USER_CLAIMS',
  ClaimsVerificationFailed: 'CLAIMS_VERIFICATION_FAILED',
} as const;
export type TokenErrorCode = (typeof TokenErrorCode)[keyof typeof TokenErrorCode];

const STATUS_AND_EVENT: Record<TokenErrorCode, readonly [401 | 403 | 422, AccessEvent]> = {
  MISSING_AUTHORIZATION_HEADER: [401, 'UNAUTHORISED'],
  BAD_AUTHORIZATION_HEADER: [422, 'INVALID_TOKEN'],
  MALFORMED_TOKEN: [422, 'INVALID_TOKEN'],
  ALG_NOT_ALLOWED: [422, 'INVALID_TOKEN'],
  UNSUPPORTED_CRIT: [422, 'INVALID_TOKEN'],
  INVALID_TOKEN_TYPE: [422, 'INVALID_TOKEN'],
  SIGNATURE_INVALID: [422, 'INVALID_TOKEN'],
  MISSING_CLAIM: [422, 'INVALID_TOKEN'],
  INVALID_CLAIM: [422, 'INVALID_TOKEN'],
  TOKEN_EXPIRED: [401, 'EXPIRED_TOKEN'],
  TOKEN_NOT_YET_VALID: [422, 'INVALID_TOKEN'],
  INVALID_AUDIENCE: [422, 'INVALID_TOKEN'],
  TOKEN_REVOKED: [401, 'REVOKED_TOKEN'],
  INVALID_USER_CLAIMS: [422, 'INVALID_TOKEN'],
  CLAIMS_VERIFICATION_FAILED: [403, 'CLAIMS_VERIFICATION_FAILED'],
};

/**
 * A refused token or request. Carries the FlowKit status and `{msg}` body of spec/api.md §2 and the
 * access-log event, so the HTTP layer writes `status`/`body` as they are. `claim` names the claim at fault.
 */
export class TokenError extends Error {
  readonly status: 401 | 403 | 422;
  readonly body: { msg: string };
  readonly event: AccessEvent;
  readonly expose = true as const;
  readonly claim?: string;

  constructor(
    readonly code: TokenErrorCode,
    msg: string,
    opts: { claim?: string; cause?: unknown } = {},
  ) {
    super(msg, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TokenError';
    const [status, event] = STATUS_AND_EVENT[code];
    this.status = status;
    this.event = event;
    this.body = { msg };
    if (opts.claim !== undefined) this.claim = opts.claim;
  }
}

/** A revocation list (tokens.md §8) that cannot be used: bad signature, wrong shape or type. */
export class RevocationListError extends Error {
  readonly code = 'INVALID_REVOCATION_LIST' as const;
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RevocationListError';
  }
}
