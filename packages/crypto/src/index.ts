export { KeyRingError, KeyRingErrorCode } from './errors.js';
export { encryptionKeyId, KeyRing, STORED_VALUE_PREFIX } from './key-ring.js';
export { DEFAULT_RSA_BITS, generateRsaKeyPair } from './generate-rsa-key-pair.js';
export { generateEncryptionKey } from './generate-encryption-key.js';
export { generatePassword } from './generate-password.js';
export { generateSecretKey } from './generate-secret-key.js';
export {
  generateSelfSignedCertificate,
  type SelfSignedCertificateOptions,
} from './generate-self-signed-certificate.js';
