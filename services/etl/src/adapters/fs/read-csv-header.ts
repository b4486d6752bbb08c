import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Longest header line accepted, in characters. */
const MAX_HEADER_CHARS = 64 * 1024;

/** First line of a (gzipped when `gzip`) CSV file, split on commas and lower-cased; reads only the beginning. */
export async function readCsvHeader(path: string, options: { gzip: boolean }): Promise<string[]> {
  const file = createReadStream(path);
  const source: Readable = options.gzip ? file.pipe(createGunzip()) : file;
  let text = '';
  try {
    for await (const chunk of source) {
      text += (chunk as Buffer).toString('utf8');
      const nl = text.search(/\r?\n/);
      if (nl >= 0) {
        text = text.slice(0, nl);
        break;
      }
      if (text.length > MAX_HEADER_CHARS) break;
    }
  } finally {
    source.destroy();
    file.destroy();
  }
  return text
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((c) => c.trim().replace(/^"(.*)"$/, '$1').toLowerCase());
}
