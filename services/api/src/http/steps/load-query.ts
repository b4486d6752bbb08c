import type { RequestHandler } from 'express';
import type { QueryStatusStore } from '../../adapters/postgres/query-status-store.js';
import { unknownQuery, type UnknownQueryFlavour } from '../../errors.js';
import { contextOf } from '../request-context.js';

/**
 * Loads the stored query named by `:query_id` (whose spec the scope check needs); an unknown id is answered 404
 * before any scope check (spec/api.md §1). `idOf` lets /get strip its file extension.
 */
export function loadQuery(
  queries: QueryStatusStore,
  flavour: UnknownQueryFlavour,
  idOf: (params: Record<string, string>) => string = (p) => p.query_id ?? '',
): RequestHandler {
  return async function loadQuery(req, res, next) {
    const queryId = idOf(req.params as Record<string, string>);
    const query = await queries.find(queryId);
    if (query === undefined) throw unknownQuery(queryId, flavour);
    contextOf(res).query = query;
    next();
  };
}
