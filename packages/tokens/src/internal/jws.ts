import { sign as rsaSign, verify as rsaVerify, type KeyObject } from 'node:crypto';
import { TokenError, TokenErrorCode } from '../errors.js';
import type { PublicKeySet } from '../key-set.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';

export type JsonObject = Record<string, unknown>;

export interface DecodedJws {
  header: JsonObject;
  payload: JsonObject;
  signingInput: string;
  signature: Buffer;
}

const ALLOWED_TYP: ReadonlySet<string> = new Set(['JWT', 'at+jwt']);

function malformed(msg: string): TokenError {
  return new TokenError(TokenErrorCode.MalformedToken, msg);
}

function parseObject(bytes: Buffer): JsonObject | undefined {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Step 3 of tokens.md §6, with PyJWT's messages and order: split as `header.payload.signature` (a fourth dot
 * lands in the payload segment and makes it undecodable), decode each segment, parse header and payload.
 */
export function decodeCompactJws(token: string): DecodedJws {
  const lastDot = token.lastIndexOf('.');
  const firstDot = token.indexOf('.');
  if (lastDot < 0 || firstDot === lastDot) throw malformed('Not enough segments');
  const headerSegment = token.slice(0, firstDot);
  const payloadSegment = token.slice(firstDot + 1, lastDot);
  const signatureSegment = token.slice(lastDot + 1);

  const headerBytes = base64urlDecode(headerSegment);
  if (headerBytes === undefined) throw malformed('Invalid header padding');
  const header = parseObject(headerBytes);
  if (header === undefined) throw malformed('Invalid header string');
  const payloadBytes = base64urlDecode(payloadSegment);
  if (payloadBytes === undefined) throw malformed('Invalid payload padding');
  const signature = base64urlDecode(signatureSegment);
  if (signature === undefined) throw malformed('Invalid crypto padding');
  const payload = parseObject(payloadBytes);
  if (payload === undefined) throw malformed('Invalid payload string');
  return { header, payload, signingInput: token.slice(0, lastDot), signature };
}

/** Step 4 of tokens.md §6: alg must be RS256, no crit, typ JWT / absent / at+jwt. */
export function checkJwsHeader(header: JsonObject): void {
  if (header.alg !== 'RS256') {
    throw new TokenError(TokenErrorCode.AlgNotAllowed, 'The specified alg value is not allowed');
  }
  if ('crit' in header) throw new TokenError(TokenErrorCode.UnsupportedCrit, 'Unsupported crit header');
  if ('typ' in header && !(typeof header.typ === 'string' && ALLOWED_TYP.has(header.typ))) {
    throw new TokenError(TokenErrorCode.InvalidTokenType, 'Invalid token type');
  }
}

/**
 * Step 5 of tokens.md §6 with the key selection of §7.3: a `kid` naming a configured key selects that key
 * only; otherwise every key is tried in order. Returns the kid of the key that verified.
 */
export function verifyJwsSignature(jws: DecodedJws, keys: PublicKeySet): string {
  const data = Buffer.from(jws.signingInput, 'ascii');
  const byKid = typeof jws.header.kid === 'string' ? keys.keys.find((k) => k.kid === jws.header.kid) : undefined;
  const candidates = byKid === undefined ? keys.keys : [byKid];
  for (const candidate of candidates) {
    if (rsaVerify('sha256', data, candidate.key, jws.signature)) return candidate.kid;
  }
  throw new TokenError(TokenErrorCode.SignatureInvalid, 'Signature verification failed');
}

/** A compact RS256 JWS of `payload` with the given header members (serialised in the order given). */
export function signCompactJws(header: JsonObject, payload: JsonObject, privateKey: KeyObject): string {
  const signingInput = `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(JSON.stringify(payload))}`;
  const signature = rsaSign('sha256', Buffer.from(signingInput, 'ascii'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
