import express, { type RequestHandler } from 'express';
import { SpecParseError } from '@flowdeck/queries';
import { bodyTooLarge } from '../../errors.js';

/**
 * Reads the JSON body of /run whatever its Content-Type (FlowKit clients do not all set it), bounded by
 * MAX_REQUEST_SIZE_MB: malformed JSON is SpecParseError (400 "Could not parse query spec."), an oversized body 413.
 */
export function parseJsonBody(maxBytes: number): RequestHandler {
  const parse = express.json({ limit: maxBytes, type: () => true, strict: false });
  return function parseJsonBody(req, res, next) {
    parse(req, res, (err?: unknown) => {
      if (err === undefined || err === null) {
        next();
        return;
      }
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') next(bodyTooLarge());
      else if (type === 'entity.parse.failed' || type === 'charset.unsupported' || type === 'encoding.unsupported') next(new SpecParseError());
      else next(err);
    });
  };
}
