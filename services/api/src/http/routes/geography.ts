import type { RequestHandler } from 'express';
import { geographyScopes } from '@flowdeck/queries';
import type { GeographyReader } from '../../adapters/postgres/geography-reader.js';
import { checkGeographyUnit, type GeographyUnit } from '../../domain/geography-unit.js';
import { CONTENT_TYPE, contentDisposition, createResultEncoder, FileType } from '../../domain/result-encoder.js';
import { streamResult } from '../stream-result.js';
import { requireScopes } from '../steps/require-scopes.js';

const unitOf = (req: Parameters<RequestHandler>[0]): GeographyUnit =>
  checkGeographyUnit((req.params as Record<string, string>).aggregation_unit ?? '');

/** Step 2: the unit must be admin0..admin3 (400 with FlowKit's validation layout, before the scope check). */
function parseUnit(): RequestHandler {
  return function parseUnit(req, _res, next) {
    unitOf(req);
    next();
  };
}

function streamGeography(geography: GeographyReader): RequestHandler {
  return async function streamGeography(req, res) {
    const unit = unitOf(req);
    const opened = await geography.open(unit);
    const encoder = createResultEncoder(FileType.geojson, { queryId: unit, columns: opened.columns });
    await streamResult(res, opened, encoder, {
      'Content-Type': CONTENT_TYPE.geojson,
      'Content-Disposition': contentDisposition(unit, FileType.geojson),
    });
  };
}

/** GET /api/0/geography/:aggregation_unit: token → unit → `get_result` + `<unit>:geography:geography` → stream. */
export function geographyRoute(deps: { requireToken: RequestHandler; geography: GeographyReader }): RequestHandler[] {
  return [
    deps.requireToken,
    parseUnit(),
    requireScopes((res) => geographyScopes(unitOf(res.req))),
    streamGeography(deps.geography),
  ];
}
