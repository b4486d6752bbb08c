import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { CsvRecordParser } from './csv-record-parser.js';

/** Longest header accepted, in characters. */
const MAX_HEADER_CHARS = 64 * 1024;

/**
 * First record of a (gzipped when `gzip`) CSV file, fields trimmed and lower-cased; reads only the beginning.
 * `[]` for a file without any record. Rejects with the stream's error (e.g. bad gzip).
 */
export async function readCsvHeader(path: string, options: { gzip: boolean; delimiter?: string; quote?: string }): Promise<string[]> {
  const file = createReadStream(path);
  const source: Readable = options.gzip ? file.pipe(createGunzip()) : file;
  file.on('error', (err) => source.destroy(err));
  const parser = new CsvRecordParser({ delimiter: options.delimiter ?? ',', quote: options.quote ?? '"' });
  const decoder = new StringDecoder('utf8');
  let header: string[] | undefined;
  let chars = 0;
  const take = (fields: string[]): void => {
    header ??= fields;
  };
  try {
    for await (const chunk of source) {
      const text = decoder.write(chunk as Buffer);
      chars += text.length;
      parser.feed(text, take);
      if (header !== undefined || chars > MAX_HEADER_CHARS) break;
    }
    if (header === undefined && chars <= MAX_HEADER_CHARS) parser.end(take);
  } finally {
    source.destroy();
    file.destroy();
  }
  return (header ?? []).map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim().toLowerCase());
}
