import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { RowRejected, type RowMapper } from '../../domain/row-mapper.js';
import { CsvRecordParser } from './csv-record-parser.js';

/** Output is handed to COPY in chunks of about this many characters. */
const OUT_CHUNK_CHARS = 1 << 18;
const NEEDS_QUOTES = /[",\n\r]/;

function csvValue(v: string | null): string {
  if (v === null) return '';
  if (v === '') return '""';
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Streams a source CSV (bytes, already gunzipped) through a RowMapper into COPY's CSV input (no header, NULL as an
 * unquoted empty field). Nothing is buffered beyond one output chunk. The header row is skipped when `header`.
 * Fails the stream with RowRejected on a row whose field count differs from the header's, an unparsable value or
 * a quoted field left open at the end of the file. `rows` counts output rows.
 */
export class MappingTransform extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: CsvRecordParser;
  private out: string[] = [];
  private outChars = 0;
  private skipHeader: boolean;
  private failure: Error | undefined;
  rows = 0;

  constructor(
    private readonly mapper: RowMapper,
    options: { delimiter: string; quote: string; header: boolean },
  ) {
    super({ readableHighWaterMark: 1 << 20, writableHighWaterMark: 1 << 20 });
    this.parser = new CsvRecordParser(options);
    this.skipHeader = options.header;
  }

  private readonly onRecord = (fields: string[], line: number): void => {
    if (this.failure) return;
    if (this.skipHeader) {
      this.skipHeader = false;
      return;
    }
    const expected = this.mapper.expectedFields;
    if (expected !== undefined && fields.length !== expected) {
      this.failure = new RowRejected(`line ${line}: ${fields.length} fields where the header has ${expected}.`);
      return;
    }
    try {
      for (const row of this.mapper.map(fields, line)) {
        const text = row.map(csvValue).join(',');
        this.out.push(text);
        this.outChars += text.length + 1;
        this.rows++;
      }
    } catch (err) {
      this.failure = err as Error;
    }
  };

  private flushOut(): void {
    if (this.out.length === 0) return;
    this.push(`${this.out.join('\n')}\n`, 'utf8');
    this.out = [];
    this.outChars = 0;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.parser.feed(this.decoder.write(chunk), this.onRecord);
    if (this.failure) return cb(this.failure);
    if (this.outChars >= OUT_CHUNK_CHARS) this.flushOut();
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.parser.feed(this.decoder.end(), this.onRecord);
    if (!this.failure && !this.parser.end(this.onRecord)) this.failure = new RowRejected('The file ends inside a quoted field (truncated?).');
    if (this.failure) return cb(this.failure);
    this.flushOut();
    cb();
  }
}
