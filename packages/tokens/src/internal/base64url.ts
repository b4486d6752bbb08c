const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function base64urlEncode(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}

/** Strict base64url (no padding, no other characters); undefined when the text is not valid base64url. */
export function base64urlDecode(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url');
}

/**
 * Tolerant base64: standard or URL-safe alphabet, padding optional, ASCII whitespace ignored.
 * Undefined when the text is not base64 in any of those forms.
 */
export function lenientBase64Decode(text: string): Buffer | undefined {
  const compact = text.replace(/[\t\n\v\f\r ]/g, '');
  const unpadded = compact.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]*$/.test(unpadded) || unpadded.length % 4 === 1) return undefined;
  if (compact.length !== unpadded.length && compact.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
