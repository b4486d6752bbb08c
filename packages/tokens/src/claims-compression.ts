import { gunzipSync, gzipSync } from 'node:zlib';
import { lenientBase64Decode } from './internal/base64url.js';
import { TokenError, TokenErrorCode } from './errors.js';

/** Decoded `user_claims`: role name → scopes (tokens.md §3). */
export type RoleClaims = Record<string, string[]>;

/** Cap on the gunzipped size of a `user_claims` value (tokens.md §3). */
export const MAX_DECOMPRESSED_CLAIMS_BYTES = 1024 * 1024;
const MIME_LINE_CHARS = 76;

/** Orders strings by Unicode code point (not UTF-16 code unit, which is what Array#sort uses). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done && cb.done ? 0 : ca.done ? -1 : 1;
    const d = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/** Sorted role names, each with its scopes sorted by code point and de-duplicated. */
export function normaliseClaims(claims: RoleClaims): RoleClaims {
  const roles = Object.keys(claims).sort(compareCodePoints);
  return Object.fromEntries(
    roles.map((role) => [role, [...new Set(claims[role] ?? [])].sort(compareCodePoints)]),
  ) as RoleClaims;
}

function mimeBase64(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += MIME_LINE_CHARS) out += `${b64.slice(i, i + MIME_LINE_CHARS)}\n`;
  return out;
}

/**
 * FlowKit's `compress_claims` (tokens.md §3): compact JSON of the normalised claims, gzip (level 9,
 * mtime 0), standard base64 in MIME layout (`\n` after every 76 characters and at the end).
 */
export function compressClaims(claims: RoleClaims): string {
  const json = JSON.stringify(normaliseClaims(claims));
  return mimeBase64(gzipSync(Buffer.from(json, 'utf8'), { level: 9 }));
}

function invalid(cause?: unknown): TokenError {
  return new TokenError(TokenErrorCode.InvalidUserClaims, 'Invalid user_claims', { claim: 'user_claims', cause });
}

function isRoleClaims(value: unknown): value is RoleClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
}

function decodeString(value: string): unknown {
  const bytes = lenientBase64Decode(value);
  if (bytes === undefined) throw invalid();
  let json = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      json = gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_CLAIMS_BYTES });
    } catch (err) {
      throw invalid(err);
    }
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) as unknown;
  } catch (err) {
    throw invalid(err);
  }
}

/**
 * Tolerant decoding of a `user_claims` value (tokens.md §3): a JSON object as is, or a string holding
 * (gzipped) JSON in standard or URL-safe base64 with any whitespace and optional padding. The result must
 * be an object of string arrays; anything else (including the pre-1.18 list form) throws TokenError
 * INVALID_USER_CLAIMS (422 "Invalid user_claims").
 */
export function decompressClaims(value: unknown): RoleClaims {
  const decoded = typeof value === 'string' ? decodeString(value) : value;
  if (!isRoleClaims(decoded)) throw invalid();
  return Object.fromEntries(Object.entries(decoded).map(([role, scopes]) => [role, [...scopes]])) as RoleClaims;
}
