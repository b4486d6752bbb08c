import { QUERY_STATE_DESCRIPTION, QueryState } from '@flowdeck/queries';
import type { HttpAnswer } from './http-answer.js';

/**
 * The answer of `GET /api/0/get/<id>` for a query that is not `completed` (spec/api.md §6), or `stream` when it is.
 * **Deviation**: cancelled/resetting answer 404 (FlowKit: 500 "Unexpected query state"), so FlowClient re-submits.
 */
export function resultAnswer(queryId: string, state: string): HttpAnswer | 'stream' {
  const described = (s: QueryState): string => `Query with id '${queryId}' ${QUERY_STATE_DESCRIPTION[s]}.`;
  switch (state) {
    case QueryState.completed:
      return 'stream';
    case QueryState.queued:
    case QueryState.executing:
      return { status: 202, body: {} };
    case QueryState.errored:
      return { status: 403, body: { status: 'Error', msg: described(QueryState.errored) } };
    case QueryState.known:
    case QueryState.cancelled:
    case QueryState.resetting:
      return { status: 404, body: { status: 'Error', msg: described(state) } };
    default:
      return { status: 404, body: { status: 'Error', msg: `Unknown query id: '${queryId}'` } };
  }
}
