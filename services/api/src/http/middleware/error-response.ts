import type { ErrorRequestHandler, Response } from 'express';
import { DependencyUnavailable } from '@flowdeck/db';
import { TokenError } from '@flowdeck/tokens';
import type { ApiMetrics } from '../../adapters/metrics/api-metrics.js';
import { INTERNAL_ERROR_BODY, SERVICE_UNAVAILABLE_BODY } from '../../errors.js';
import { contextOf } from '../request-context.js';

/** An error that carries its own exposable status and FlowKit body (ApiError, TokenError, Spec*Error). */
interface ExposedError {
  status: number;
  body: unknown;
  expose: true;
  code?: string;
  headers?: Readonly<Record<string, string>>;
}

function isExposed(err: unknown): err is ExposedError {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as Partial<ExposedError>;
  return e.expose === true && typeof e.status === 'number' && e.status < 500 && typeof e.body === 'object' && e.body !== null;
}

/** Writes an error answer; the one place that does (STYLE.md §4). */
export function sendError(res: Response, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.json(body);
}

/**
 * The api's only error middleware: exposable refusals as their status and body; DependencyUnavailable as 503 with
 * Retry-After: 5; anything else as 500 with the fixed body, logged once with its stack. When the headers were
 * already sent (a result stream failed half-way), the socket is destroyed so the client sees a truncated document.
 */
export function errorResponse(metrics: ApiMetrics): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const ctx = contextOf(res);
    if (res.writableEnded) {
      // Already answered (e.g. the response timeout sent its 503); the late failure changes nothing for the client.
      ctx.log.warn({ err }, 'http.error_after_response');
      return;
    }
    if (res.headersSent) {
      ctx.log.error({ err }, 'http.stream_failed');
      res.destroy(err instanceof Error ? err : undefined);
      return;
    }
    if (err instanceof TokenError) {
      ctx.authEvent = err.event;
      metrics.countAuthFailure(err.event);
    }
    if (err instanceof DependencyUnavailable) {
      ctx.log.warn({ dependency: err.dependency, err: err.cause }, 'http.dependency_unavailable');
      sendError(res, 503, SERVICE_UNAVAILABLE_BODY, { 'Retry-After': '5' });
      return;
    }
    if (isExposed(err)) {
      ctx.log.debug({ code: err.code, status: err.status }, 'http.refused');
      sendError(res, err.status, err.body, err.headers);
      return;
    }
    // body-parser's own errors: size and malformed JSON are mapped by the parsing step; anything else is a bug.
    ctx.log.error({ err, route: req.path }, 'http.internal_error');
    sendError(res, 500, INTERNAL_ERROR_BODY);
  };
}
