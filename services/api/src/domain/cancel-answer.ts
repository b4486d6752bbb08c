import { QueryState } from '@flowdeck/queries';
import type { HttpAnswer } from './http-answer.js';

/** Whether a cancel request should reach cache.request_cancel for a query in `state` (spec/api.md §11.1). */
export function isCancellable(state: string): boolean {
  return state === QueryState.queued || state === QueryState.executing || state === QueryState.cancelled;
}

/** The answer of `DELETE /api/0/run/<id>` given the state after the cancel request (spec/api.md §11.1). */
export function cancelAnswer(queryId: string, state: string): HttpAnswer {
  switch (state) {
    case QueryState.cancelled:
      return { status: 200, body: { query_id: queryId, status: 'cancelled' } };
    case QueryState.executing:
      return { status: 202, body: { query_id: queryId, status: 'executing', msg: 'Cancellation requested.' } };
    default:
      return { status: 409, body: { status: state, msg: 'Query is not running.' } };
  }
}
