import type { RequestHandler, Response } from 'express';
import { requireScopes as requireScopesHeldByOneRole } from '@flowdeck/tokens';
import { contextOf, tokenOf } from '../request-context.js';

/**
 * A scope check (spec/tokens.md §5): one role of the token must hold every scope `required(res)` returns. Records
 * the granting role for the access log; throws TokenError CLAIMS_VERIFICATION_FAILED (403). Routes with two
 * independent checks (geojson) use two of these steps.
 */
export function requireScopes(required: (res: Response) => Iterable<string>): RequestHandler {
  return function requireScopes(_req, res, next) {
    const ctx = contextOf(res);
    const role = requireScopesHeldByOneRole(tokenOf(res), required(res));
    ctx.roles.push(role);
    ctx.authEvent = 'AUTHORISED';
    next();
  };
}
