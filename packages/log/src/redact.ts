/**
 * Redaction applied to every log line at every level: values under secret-looking keys, and any occurrence of a
 * registered secret value inside any string, become "[REDACTED]".
 */

export const REDACTED = '[REDACTED]';

/** Keys whose values are never logged, whatever the nesting depth. */
const SECRET_KEY =
  /pass(word)?|secret|token|jwt|authorization|cookie|csrf|api[_-]?key|private|fernet|totp|two_factor_code|backup_code|otp|credential|signature|user_claims|^key$|_key$|-key$/i;

/** Strings that look like a JWT or PEM are redacted even under innocent keys. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const PEM_LIKE = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;

export class Redactor {
  private readonly secrets: string[] = [];

  /** Registers exact secret values (passwords, keys) to scrub from every string; short values are ignored. */
  addSecrets(values: Iterable<string | undefined | null>): void {
    for (const v of values) {
      if (typeof v !== 'string' || v.length < 4) continue;
      // The JSON-escaped form too, so a serialised line cannot carry a secret with quotes or newlines.
      for (const form of [v, JSON.stringify(v).slice(1, -1)]) if (!this.secrets.includes(form)) this.secrets.push(form);
    }
    // Longest first, so a secret containing another is scrubbed whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  scrubString(s: string): string {
    let out = s.replace(PEM_LIKE, REDACTED).replace(JWT_LIKE, REDACTED);
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** Returns a redacted deep copy of a log object. */
  scrub(value: unknown, depth = 0, key?: string): unknown {
    if (key !== undefined && SECRET_KEY.test(key) && value !== null && value !== undefined && typeof value !== 'boolean') {
      return REDACTED;
    }
    if (typeof value === 'string') return this.scrubString(value);
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (value instanceof Error) {
      return { type: value.name, message: this.scrubString(value.message), stack: value.stack && this.scrubString(value.stack) };
    }
    if (Array.isArray(value)) return value.map((v) => this.scrub(v, depth + 1));
    if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.scrub(v, depth + 1, k);
    return out;
  }
}
