import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { TransformOptions } from 'node:stream';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';

/** Buffered lines are handed to gzip in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

/**
 * Streams text lines into a gzip file. Output is byte-identical for identical input: Node's zlib writes
 * `mtime = 0` in the gzip header and chunking depends only on the input.
 */
export class GzLineWriter {
  private buf: string[] = [];
  private bufChars = 0;
  private readonly gzip: Gzip;
  private readonly done: Promise<Error | undefined>;
  lines = 0;

  /** `level`: gzip level, default 1 (fast; these CSVs still compress about 4:1). */
  constructor(path: string, options: { level?: number } = {}) {
    // A large buffer lets compression (on the libuv pool) overlap with generating the next chunks.
    const zlibOptions: ZlibOptions & TransformOptions = { level: options.level ?? 1, chunkSize: 1 << 16, highWaterMark: 1 << 22 };
    this.gzip = createGzip(zlibOptions);
    this.done = pipeline(this.gzip, createWriteStream(path, { highWaterMark: 1 << 20 })).then(
      () => undefined,
      (err: Error) => err,
    );
  }

  /** Appends one line (without its newline); returns true when the caller should `await flush()`. */
  add(line: string): boolean {
    this.buf.push(line);
    this.bufChars += line.length + 1;
    this.lines++;
    return this.bufChars >= CHUNK_CHARS;
  }

  /** Hands buffered text to gzip, waiting for back-pressure to clear. */
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    // One flat string per chunk: joining is much cheaper than encoding a rope built by `+=`.
    const chunk = Buffer.from(`${this.buf.join('\n')}\n`, 'latin1');
    this.buf = [];
    this.bufChars = 0;
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }

  /** Flushes, finishes the gzip stream and waits until the file is written. */
  async close(): Promise<void> {
    await this.flush();
    this.gzip.end();
    const err = await this.done;
    if (err) throw err;
  }
}
