import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KeyRingError, KeyRingErrorCode } from './errors.js';

export const STORED_VALUE_PREFIX = 'fd1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[0-9a-f]{8}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Standard or URL-safe base64, padding optional; undefined when not base64. */
function decodeKey(text: string): Buffer | undefined {
  const unpadded = text.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]+$/.test(unpadded) || unpadded.length % 4 === 1) return undefined;
  if (text.length !== unpadded.length && text.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** First 8 hex characters of SHA-256 of the raw key (deployment.md §5). */
export function encryptionKeyId(rawKey: Buffer): string {
  return createHash('sha256').update(rawKey).digest('hex').slice(0, 8);
}

/**
 * `FLOWAUTH_FERNET_KEY` as a key ring (deployment.md §5): AES-256-GCM with a random 96-bit IV, stored as
 * `fd1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`, AAD `<table>.<column>`. The first key encrypts; every
 * key decrypts, chosen by the id in the stored value.
 */
export class KeyRing {
  readonly primaryKeyId: string;
  readonly #keys: ReadonlyMap<string, Buffer>;

  private constructor(keys: Map<string, Buffer>, primaryKeyId: string) {
    this.#keys = keys;
    this.primaryKeyId = primaryKeyId;
  }

  /**
   * Comma-separated keys, each 32 bytes in standard or URL-safe base64 (a Fernet key qualifies). Throws
   * KeyRingError INVALID_KEY naming the key by position (never printing it).
   */
  static fromSetting(value: string): KeyRing {
    const parts = value.split(',').map((p) => p.trim());
    const keys = new Map<string, Buffer>();
    parts.forEach((part, i) => {
      const position = `key ${i + 1} of ${parts.length}`;
      const raw = decodeKey(part);
      if (raw === undefined || raw.length !== KEY_BYTES) {
        throw new KeyRingError(
          KeyRingErrorCode.InvalidKey,
          `Encryption ${position} is not ${KEY_BYTES} bytes in base64${part === '' ? ' (empty)' : ''}.`,
        );
      }
      const id = encryptionKeyId(raw);
      const existing = keys.get(id);
      if (existing !== undefined && !existing.equals(raw)) {
        throw new KeyRingError(KeyRingErrorCode.InvalidKey, `Encryption ${position} has the same key id as an earlier key.`, { keyId: id });
      }
      if (existing === undefined) keys.set(id, raw);
    });
    const primary = keys.keys().next().value as string;
    return new KeyRing(keys, primary);
  }

  /** Ids of every key, the encrypting one first. */
  keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** The key id of a stored value (for re-encryption reports); throws MALFORMED. */
  static keyIdOf(stored: string): string {
    return parseStored(stored).keyId;
  }

  encrypt(plaintext: string, aad: string): string {
    const key = this.#keys.get(this.primaryKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const blob = Buffer.concat([iv, ct, cipher.getAuthTag()]);
    return `${STORED_VALUE_PREFIX}.${this.primaryKeyId}.${blob.toString('base64url')}`;
  }

  /** Throws KeyRingError MALFORMED, UNKNOWN_KEY_ID, or DECRYPT_FAILED (tampered value or wrong AAD). */
  decrypt(stored: string, aad: string): string {
    const { keyId, blob } = parseStored(stored);
    const key = this.#keys.get(keyId);
    if (key === undefined) {
      throw new KeyRingError(KeyRingErrorCode.UnknownKeyId, `No encryption key with id ${keyId} in the key ring.`, { keyId });
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch (err) {
      throw new KeyRingError(KeyRingErrorCode.DecryptFailed, `Decryption with key ${keyId} failed.`, { keyId, cause: err });
    }
  }
}

function parseStored(stored: string): { keyId: string; blob: Buffer } {
  const parts = stored.split('.');
  const [prefix, keyId, data] = parts;
  if (
    parts.length !== 3 ||
    prefix !== STORED_VALUE_PREFIX ||
    keyId === undefined ||
    !KEY_ID.test(keyId) ||
    data === undefined ||
    !BASE64URL.test(data) ||
    data.length % 4 === 1
  ) {
    throw new KeyRingError(KeyRingErrorCode.Malformed, 'Stored value is not of the form fd1.<key id>.<data>.');
  }
  const blob = Buffer.from(data, 'base64url');
  if (blob.length < IV_BYTES + TAG_BYTES) {
    throw new KeyRingError(KeyRingErrorCode.Malformed, 'Stored value is too short.');
  }
  return { keyId, blob };
}
