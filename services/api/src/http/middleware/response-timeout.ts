import type { RequestHandler } from 'express';
import { SERVICE_UNAVAILABLE_BODY } from '../../errors.js';
import { contextOf } from '../request-context.js';
import { sendError } from './error-response.js';

/**
 * FLOWAPI_RESPONSE_TIMEOUT (spec/deployment.md §2.4): a request that has not started its response after
 * `seconds` is answered 503 with Retry-After: 5. Streaming responses have started (headers sent) and are not cut.
 */
export function responseTimeout(seconds: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      contextOf(res).log.warn({ seconds }, 'http.response_timeout');
      sendError(res, 503, SERVICE_UNAVAILABLE_BODY, { 'Retry-After': '5' });
    }, seconds * 1000);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    res.on('finish', clear);
    res.on('close', clear);
    next();
  };
}
