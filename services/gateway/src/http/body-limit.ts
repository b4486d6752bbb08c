import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes a request body through until more than `maxBytes` have arrived; then calls `onExceeded` once and drops
 * everything after. It never errors, so the caller decides what happens to the client connection (a 413, not a
 * reset).
 */
export class BodyLimit extends Transform {
  private receivedBytes = 0;
  private exceeded = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.exceeded) return callback();
    this.receivedBytes += chunk.length;
    if (this.receivedBytes > this.maxBytes) {
      this.exceeded = true;
      this.onExceeded();
      return callback();
    }
    callback(null, chunk);
  }
}
