import type { HttpAnswer } from './http-answer.js';

/** The 202 of `POST /api/0/run` (spec/api.md §4): relative Location and the progress object. */
export function runAnswer(queryId: string, progress: { eligible: number; queued: number; running: number }): HttpAnswer {
  return {
    status: 202,
    headers: { Location: `/api/0/poll/${queryId}` },
    body: { query_id: queryId, progress: { eligible: progress.eligible, queued: progress.queued, running: progress.running } },
  };
}
