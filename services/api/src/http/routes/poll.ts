import type { RequestHandler } from 'express';
import { requiredScopes } from '@flowdeck/queries';
import type { QueryStatusStore } from '../../adapters/postgres/query-status-store.js';
import { pollAnswer } from '../../domain/poll-answer.js';
import { queryOf } from '../request-context.js';
import { sendAnswer } from '../send-answer.js';
import { loadQuery } from '../steps/load-query.js';
import { requireScopes } from '../steps/require-scopes.js';

function answerPoll(): RequestHandler {
  return function answerPoll(_req, res) {
    const q = queryOf(res);
    sendAnswer(res, pollAnswer(q.queryId, q));
  };
}

/** GET /api/0/poll/:query_id: token → stored query (404 awol) → triplets of the stored spec → state answer. */
export function pollRoute(deps: { requireToken: RequestHandler; queries: QueryStatusStore }): RequestHandler[] {
  return [
    deps.requireToken,
    loadQuery(deps.queries, 'awol'),
    requireScopes((res) => requiredScopes('poll', queryOf(res).canonical)),
    answerPoll(),
  ];
}
