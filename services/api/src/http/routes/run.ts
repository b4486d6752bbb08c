import type { RequestHandler } from 'express';
import { parseQuerySpec, QueryState, requiredScopes } from '@flowdeck/queries';
import type { QueryStatusStore } from '../../adapters/postgres/query-status-store.js';
import type { DispatchQueue } from '../../adapters/redis/dispatch-queue.js';
import { runAnswer } from '../../domain/run-answer.js';
import { contextOf } from '../request-context.js';
import { sendAnswer } from '../send-answer.js';
import { parseJsonBody } from '../steps/parse-json-body.js';
import { requireScopes } from '../steps/require-scopes.js';

function specOf(res: Parameters<RequestHandler>[1]) {
  const spec = contextOf(res).spec;
  if (spec === undefined) throw new TypeError('Route step needs parseSpec before it.');
  return spec;
}

/** Validates and canonicalises the spec (SpecParseError / SpecValidationError, 400). */
function parseSpec(redactionThreshold: number): RequestHandler {
  return function parseSpec(req, res, next) {
    contextOf(res).spec = parseQuerySpec(req.body, { redactionThreshold });
    next();
  };
}

/** Registers the query durably and hands it to the engine; answers 202 with its progress (spec/api.md §4). */
function dispatchRun(deps: { queries: QueryStatusStore; dispatch: DispatchQueue }): RequestHandler {
  return async function dispatchRun(_req, res) {
    const spec = specOf(res);
    const state = await deps.queries.register({
      queryId: spec.queryId,
      kind: spec.kind,
      params: spec.params,
      canonical: spec.canonical,
      aggregationUnit: spec.aggregationUnit,
    });
    // Job id = query id: identical concurrent runs collapse onto one job.
    if (state === QueryState.queued) await deps.dispatch.enqueue(spec.queryId);
    const status = await deps.queries.find(spec.queryId);
    contextOf(res).log.info({ queryId: spec.queryId, state }, 'query.run_requested');
    sendAnswer(res, runAnswer(spec.queryId, status?.progress ?? { eligible: 0, queued: 0, running: 0 }));
  };
}

/** POST /api/0/run: token → JSON body → spec → scopes (`run` + triplets) → register and enqueue. */
export function runRoute(deps: {
  requireToken: RequestHandler;
  maxBodyBytes: number;
  redactionThreshold: number;
  queries: QueryStatusStore;
  dispatch: DispatchQueue;
}): RequestHandler[] {
  return [
    deps.requireToken,
    parseJsonBody(deps.maxBodyBytes),
    parseSpec(deps.redactionThreshold),
    requireScopes((res) => requiredScopes('run', specOf(res).canonical)),
    dispatchRun(deps),
  ];
}
