import type { NextFunction, Request, Response } from 'express';
import { DependencyUnavailable } from '@flowdeck/db';
import { AuthError, AuthErrorCode } from '../../errors.js';

/** Maps body-parser and other well-known errors to AuthError; anything else becomes undefined (a bug). */
function translate(err: unknown): AuthError | undefined {
  if (err instanceof AuthError) return err;
  if (err instanceof DependencyUnavailable) {
    return new AuthError(503, AuthErrorCode.Unavailable, 'Service unavailable.', {}, { 'Retry-After': '5' });
  }
  const e = err as { type?: string; status?: number; expose?: boolean };
  if (e?.type === 'entity.too.large') return new AuthError(413, AuthErrorCode.PayloadTooLarge, 'Request body too large.');
  if (e?.type === 'entity.parse.failed') return new AuthError(400, AuthErrorCode.BadRequest, 'Request body is not valid JSON.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new AuthError(e.status, AuthErrorCode.BadRequest, 'Bad request.');
  }
  return undefined;
}

/** The only code that writes error responses: FlowAuth's `{"message", "code"}` body for every error (auth.md §1). */
export function errorResponse(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const known = translate(err);
  const log = req.ctx?.log;
  if (res.headersSent) {
    log?.error({ err }, 'http.error_after_headers');
    res.destroy();
    return;
  }
  if (known) {
    if (known.status >= 500) log?.error({ err }, 'http.dependency_unavailable');
    else log?.debug({ code: known.code, status: known.status }, 'http.refused');
    res.status(known.status).set(known.headers).json(known.body);
    return;
  }
  log?.error({ err }, 'http.internal_error');
  res.status(500).json({ message: 'Internal server error.', code: 500 });
}
