import { QueryState } from '@flowdeck/queries';
import type { HttpAnswer } from './http-answer.js';

export interface PollFacts {
  state: string;
  message: string | null;
  progress: { eligible: number; queued: number; running: number };
}

/** The answer of `GET /api/0/poll/<id>` for a known query (spec/api.md §5). */
export function pollAnswer(queryId: string, facts: PollFacts): HttpAnswer {
  switch (facts.state) {
    case QueryState.completed:
      return { status: 303, headers: { Location: `/api/0/get/${queryId}` }, body: { status: 'completed' } };
    case QueryState.queued:
    case QueryState.executing:
      return {
        status: 202,
        headers: { 'Retry-After': '1' },
        body: { status: facts.state, msg: '', progress: { ...facts.progress } },
      };
    case QueryState.errored:
      return { status: 500, body: { status: 'errored', msg: facts.message ?? '' } };
    case QueryState.cancelled:
      return { status: 500, body: { status: 'cancelled', msg: '' } };
    default:
      // known, resetting: FlowClient treats 404 as "not running" and re-submits.
      return { status: 404, body: { status: facts.state, msg: '' } };
  }
}
