import type { Response } from 'express';
import type { OpenResult } from '../adapters/postgres/result-reader.js';
import type { ResultEncoder } from '../domain/result-encoder.js';
import { contextOf } from './request-context.js';

/** The client went away mid-stream; nothing is left to answer. */
class ClientGone extends Error {}

/** Writes a chunk and, when the socket buffer is full, waits for it to drain (or for the client to leave). */
async function write(res: Response, chunk: string): Promise<void> {
  if (chunk === '') return;
  if (res.destroyed) throw new ClientGone('client closed the connection');
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      reject(new ClientGone('client closed the connection'));
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * Streams an open result as a 200 with the given headers (no Content-Length, so HTTP/1.1 uses chunked encoding),
 * batch by batch with back-pressure; the whole result is never held in memory (spec/api.md §6). On a failure after
 * the first byte the cursor's connection is discarded and the error rethrown, and the error middleware destroys the
 * socket so the client sees a truncated document; a client that leaves early just ends the stream.
 */
export async function streamResult(
  res: Response,
  opened: OpenResult,
  encoder: ResultEncoder,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  res.status(200);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  try {
    await write(res, encoder.head());
    let batch = opened.first;
    let rows = 0;
    while (batch.length > 0) {
      rows += batch.length;
      await write(res, encoder.rows(batch));
      batch = await opened.batches.next();
    }
    await write(res, encoder.tail());
    await opened.batches.close();
    res.end();
    contextOf(res).log.debug({ rows }, 'result.streamed');
  } catch (err) {
    await opened.batches.abort();
    if (err instanceof ClientGone) {
      contextOf(res).log.info('result.client_gone');
      return;
    }
    throw err;
  }
}
