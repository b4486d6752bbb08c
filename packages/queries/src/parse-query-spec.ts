import { aggregationUnitOf } from './aggregation-unit.js';
import { SpecParseError, SpecValidationError } from './errors.js';
import { queryId } from './ids.js';
import { validateSpec } from './validate-spec.js';

export interface ValidatedQuery {
  /** Top-level `query_kind`. */
  kind: string;
  /** The spec as sent. */
  params: unknown;
  /** Canonical spec (spec/query-kinds.md §4 step 1). */
  canonical: Record<string, unknown>;
  /** `admin0`…`admin3`, `lon-lat` or `nonspatial`. */
  aggregationUnit: string;
  queryId: string;
}

/**
 * Parses, validates and canonicalises a `/run` body (top-level kinds only) and computes its query id.
 * Throws `SpecParseError` (SPEC_UNPARSEABLE) when the body is not an object or has no string `query_kind`, and
 * `SpecValidationError` (SPEC_INVALID) with the error tree otherwise.
 */
export function parseQuerySpec(body: unknown, opts: { redactionThreshold: number }): ValidatedQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SpecParseError();
  const kind = (body as Record<string, unknown>)['query_kind'];
  if (typeof kind !== 'string') throw new SpecParseError();
  const result = validateSpec(body);
  if (!result.ok) throw new SpecValidationError(body, result.errors);
  return {
    kind,
    params: body,
    canonical: result.canonical,
    aggregationUnit: aggregationUnitOf(result.canonical),
    queryId: queryId(result.canonical, opts.redactionThreshold),
  };
}
