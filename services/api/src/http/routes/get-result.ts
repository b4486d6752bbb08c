import type { RequestHandler } from 'express';
import { geographyScopes, requiredScopes } from '@flowdeck/queries';
import type { QueryStatusStore } from '../../adapters/postgres/query-status-store.js';
import type { ResultReader } from '../../adapters/postgres/result-reader.js';
import { resultAnswer } from '../../domain/result-answer.js';
import { CONTENT_TYPE, contentDisposition, createResultEncoder, FileType, toFileType } from '../../domain/result-encoder.js';
import { invalidFileFormat, noGeojsonRepresentation } from '../../errors.js';
import { contextOf, queryOf } from '../request-context.js';
import { sendAnswer } from '../send-answer.js';
import { loadQuery } from '../steps/load-query.js';
import { requireScopes } from '../steps/require-scopes.js';
import { streamResult } from '../stream-result.js';

/** Units whose results have a GeoJSON form (zones or points). */
const SPATIAL_UNITS = new Set(['admin0', 'admin1', 'admin2', 'admin3', 'lon-lat']);

/** `<id>` or `<id>.<filetype>` of the route parameter. */
export function splitResultRef(ref: string): { queryId: string; fileType: string | undefined } {
  const dot = ref.lastIndexOf('.');
  return dot === -1 ? { queryId: ref, fileType: undefined } : { queryId: ref.slice(0, dot), fileType: ref.slice(dot + 1) };
}

const refOf = (params: Record<string, string>): string => params.query_ref ?? '';

/** Step 2: the file type (400 "Invalid file format"). */
function parseFileType(): RequestHandler {
  return function parseFileType(req, res, next) {
    const fileType = toFileType(splitResultRef(refOf(req.params as Record<string, string>)).fileType);
    if (fileType === undefined) throw invalidFileFormat();
    contextOf(res).fileType = fileType;
    next();
  };
}

function fileTypeOf(res: Parameters<RequestHandler>[1]): FileType {
  return contextOf(res).fileType ?? FileType.json;
}

/**
 * geojson only: the second, independent check `get_result` + `<unit>:geography:geography` (spec/api.md §6).
 * A non-spatial result has no geography scope to check; it is answered 400 here.
 */
function requireGeographyScopes(): RequestHandler[] {
  const geojsonOnly =
    (step: RequestHandler): RequestHandler =>
    (req, res, next) =>
      fileTypeOf(res) === FileType.geojson ? step(req, res, next) : next();
  return [
    geojsonOnly(function requireSpatialResult(_req, res, next) {
      const q = queryOf(res);
      if (!SPATIAL_UNITS.has(q.aggregationUnit)) throw noGeojsonRepresentation(q.queryId);
      next();
    }),
    geojsonOnly(requireScopes((res) => geographyScopes(queryOf(res).aggregationUnit))),
  ];
}

/** Streams a completed result, or answers the state table of spec/api.md §6. */
function sendResult(results: ResultReader): RequestHandler {
  return async function sendResult(_req, res) {
    const q = queryOf(res);
    const fileType = fileTypeOf(res);
    const answer = resultAnswer(q.queryId, q.state);
    if (answer !== 'stream') {
      sendAnswer(res, answer);
      return;
    }
    const outcome = await results.open(
      q.queryId,
      fileType === FileType.geojson ? { kind: 'geojson', aggregationUnit: q.aggregationUnit } : { kind: 'table' },
    );
    if (outcome.kind === 'notSpatial') throw noGeojsonRepresentation(q.queryId);
    if (outcome.kind === 'state') {
      // The state changed since loadQuery (e.g. evicted): answer for the new one.
      const changed = resultAnswer(q.queryId, outcome.state);
      if (changed === 'stream') throw new TypeError('ResultReader reported a completed query as changed.');
      sendAnswer(res, changed);
      return;
    }
    const encoder = createResultEncoder(fileType, { queryId: q.queryId, columns: outcome.result.columns });
    await streamResult(res, outcome.result, encoder, {
      'Content-Type': CONTENT_TYPE[fileType],
      'Content-Disposition': contentDisposition(q.queryId, fileType),
    });
  };
}

/**
 * GET /api/0/get/:query_ref (`<id>` or `<id>.<json|csv|geojson>`): token → file type → stored query (404) →
 * `get_result` + triplets → (geojson) `get_result` + geography → stream.
 */
export function getResultRoute(deps: { requireToken: RequestHandler; queries: QueryStatusStore; results: ResultReader }): RequestHandler[] {
  return [
    deps.requireToken,
    parseFileType(),
    loadQuery(deps.queries, 'Error', (p) => splitResultRef(refOf(p)).queryId),
    requireScopes((res) => requiredScopes('get', queryOf(res).canonical)),
    ...requireGeographyScopes(),
    sendResult(deps.results),
  ];
}
