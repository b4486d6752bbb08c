/** Every way a key ring can refuse a key or a stored value (deployment.md §5). */
export const KeyRingErrorCode = {
  InvalidKey: 'INVALID_KEY',
  UnknownKeyId: 'UNKNOWN_KEY_ID',
  DecryptFailed: 'DECRYPT_FAILED',
  Malformed: 'MALFORMED',
} as const;
export type KeyRingErrorCode = (typeof KeyRingErrorCode)[keyof typeof KeyRingErrorCode];

/** Never carries key material or plaintext; `keyId` names the key (by id) where that helps an operator. */
export class KeyRingError extends Error {
  readonly keyId?: string;
  constructor(
    readonly code: KeyRingErrorCode,
    message: string,
    opts: { keyId?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'KeyRingError';
    if (opts.keyId !== undefined) this.keyId = opts.keyId;
  }
}
