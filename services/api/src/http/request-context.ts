import type { Response } from 'express';
import type { Logger } from '@flowdeck/log';
import type { VerifiedToken } from '@flowdeck/tokens';
import type { ValidatedQuery } from '@flowdeck/queries';
import type { QueryStatus } from '../adapters/postgres/query-status-store.js';
import type { FileType } from '../domain/result-encoder.js';

/** Per-request facts the steps of a route hand on to each other (kept in `res.locals.ctx`). */
export interface RequestContext {
  requestId: string;
  log: Logger;
  startedAt: bigint;
  /** Set by requireToken. */
  token?: VerifiedToken;
  /** Access-log event: AUTHORISED or the refusal's event. */
  authEvent?: string;
  /** Roles that satisfied each scope check, in order. */
  roles: string[];
  /** Set by the /run parsing step. */
  spec?: ValidatedQuery;
  /** Set by loadQuery. */
  query?: QueryStatus;
  /** Set by the /get file-type step. */
  fileType?: FileType;
}

export function contextOf(res: Response): RequestContext {
  const ctx = (res.locals as { ctx?: RequestContext }).ctx;
  if (ctx === undefined) throw new TypeError('Request context missing: the request-id middleware must run first.');
  return ctx;
}

/** Like contextOf(res).token, but throws TypeError when a route forgot requireToken. */
export function tokenOf(res: Response): VerifiedToken {
  const token = contextOf(res).token;
  if (token === undefined) throw new TypeError('Route step needs requireToken before it.');
  return token;
}

/** The query loaded by loadQuery; TypeError when the step is missing. */
export function queryOf(res: Response): QueryStatus {
  const query = contextOf(res).query;
  if (query === undefined) throw new TypeError('Route step needs loadQuery before it.');
  return query;
}
