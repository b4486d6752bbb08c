import type { RequestHandler } from 'express';
import { QueryState, requiredScopes } from '@flowdeck/queries';
import type { QueryStatusStore } from '../../adapters/postgres/query-status-store.js';
import type { DispatchQueue } from '../../adapters/redis/dispatch-queue.js';
import { cancelAnswer, isCancellable } from '../../domain/cancel-answer.js';
import { contextOf, queryOf } from '../request-context.js';
import { sendAnswer } from '../send-answer.js';
import { loadQuery } from '../steps/load-query.js';
import { requireScopes } from '../steps/require-scopes.js';

/** Requests cancellation and removes a queued job from the queue (spec/api.md §11.1). */
function cancelRun(deps: { queries: QueryStatusStore; dispatch: DispatchQueue }): RequestHandler {
  return async function cancelRun(_req, res) {
    const q = queryOf(res);
    if (!isCancellable(q.state)) {
      sendAnswer(res, cancelAnswer(q.queryId, q.state));
      return;
    }
    const state = await deps.queries.requestCancel(q.queryId);
    if (state === QueryState.cancelled) {
      const removed = await deps.dispatch.remove(q.queryId);
      contextOf(res).log.info({ queryId: q.queryId, jobRemoved: removed }, 'query.cancelled');
    }
    sendAnswer(res, cancelAnswer(q.queryId, state));
  };
}

/** DELETE /api/0/run/:query_id (Extension): token → stored query (404 awol) → `run` + triplets → cancel. */
export function cancelRoute(deps: { requireToken: RequestHandler; queries: QueryStatusStore; dispatch: DispatchQueue }): RequestHandler[] {
  return [
    deps.requireToken,
    loadQuery(deps.queries, 'awol'),
    requireScopes((res) => requiredScopes('cancel', queryOf(res).canonical)),
    cancelRun(deps),
  ];
}
