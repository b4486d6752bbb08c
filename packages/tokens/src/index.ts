export { AccessEvent, RevocationListError, TokenError, TokenErrorCode } from './errors.js';
export {
  compareCodePoints,
  compressClaims,
  decompressClaims,
  MAX_DECOMPRESSED_CLAIMS_BYTES,
  normaliseClaims,
  type RoleClaims,
} from './claims-compression.js';
export {
  MAX_PUBLIC_KEYS,
  MIN_RSA_MODULUS_BITS,
  parsePrivateKeys,
  parsePublicKeys,
  type PublicKeySet,
  type SigningKey,
} from './key-set.js';
export { mintToken, type MintedToken, type MintOptions } from './mint.js';
export {
  REVOCATION_LIST_TYPE,
  signRevocationList,
  verifyRevocationList,
  type RevocationEntry,
  type RevocationList,
} from './revocation-list.js';
export {
  findGrantingRole,
  findGrantingRoles,
  isValidScope,
  requireScopes,
  scopeTriplet,
  SimpleScope,
} from './scopes.js';
export { jwkThumbprint, publicKeyToJwk, type RsaPublicJwk } from './thumbprint.js';
export {
  DEFAULT_LEEWAY_SECONDS,
  MAX_LEEWAY_SECONDS,
  MAX_TOKEN_CHARS,
  verifyAuthorizationHeader,
  verifyToken,
  type VerifiedToken,
  type VerifyOptions,
} from './verify.js';
