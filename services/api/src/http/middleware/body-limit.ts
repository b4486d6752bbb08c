import type { RequestHandler } from 'express';
import { bodyTooLarge } from '../../errors.js';

/**
 * Refuses a request whose declared Content-Length exceeds MAX_REQUEST_SIZE_MB with 413, on every route and
 * before anything reads the body (spec/api.md §1). Chunked bodies are bounded by the JSON parser of /run.
 */
export function bodyLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // The body will not be read: close the connection after answering instead of draining megabytes.
      res.setHeader('Connection', 'close');
      next(bodyTooLarge());
      return;
    }
    next();
  };
}
