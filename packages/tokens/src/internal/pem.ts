import { lenientBase64Decode } from './base64url.js';

export interface PemBlock {
  label: string;
  text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;

/**
 * Splits a key setting into PEM blocks (tokens.md §7.1 detection rule: PEM if it contains `-----BEGIN`,
 * otherwise the base64 of PEM text). Undefined when the value is neither, or holds text outside the blocks.
 */
export function splitPemBlocks(value: string): PemBlock[] | undefined {
  let text = value;
  if (!text.includes('-----BEGIN')) {
    const decoded = lenientBase64Decode(text);
    if (decoded === undefined) return undefined;
    text = decoded.toString('utf8');
    if (!text.includes('-----BEGIN')) return undefined;
  }
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    blocks.push({ label: match[1] ?? '', text: match[0] });
  }
  if (text.replace(BLOCK, '').trim() !== '') return undefined;
  return blocks;
}
