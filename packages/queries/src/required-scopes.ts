import { aggregationUnitOf } from './aggregation-unit.js';
import { collectQueryKinds } from './walk-subqueries.js';

export type ScopedAction = 'run' | 'poll' | 'get' | 'cancel';

/** Simple scopes of tokens.md §4.1. */
export const SimpleScope = {
  run: 'run',
  getResult: 'get_result',
  getAvailableDates: 'get_available_dates',
  getQaChecks: 'get_qa_checks',
} as const;

const ACTION_SCOPES: Record<ScopedAction, readonly string[]> = {
  run: [SimpleScope.run],
  cancel: [SimpleScope.run],
  get: [SimpleScope.getResult],
  poll: [],
};

/** Sorted by code point, de-duplicated. */
export function sortScopes(scopes: Iterable<string>): string[] {
  return [...new Set(scopes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `unit:tl:sub` for every string `query_kind` anywhere in the spec (tokens.md §4.2), unit = the top-level unit. */
export function scopeTriplets(canonical: Record<string, unknown>): string[] {
  const unit = aggregationUnitOf(canonical);
  const tl = String(canonical['query_kind']);
  return sortScopes([...collectQueryKinds(canonical)].map((sub) => `${unit}:${tl}:${sub}`));
}

/**
 * Required scope set of tokens.md §4.2 for a canonical (stored) spec: `run` for run/cancel, `get_result` for get,
 * no action scope for poll; plus the triplets. Sorted by code point.
 */
export function requiredScopes(action: ScopedAction, canonical: Record<string, unknown>): string[] {
  return sortScopes([...ACTION_SCOPES[action], ...scopeTriplets(canonical)]);
}

/** Scopes of `GET /geography/<unit>` and of the second check of `.geojson` results: `['get_result', '<unit>:geography:geography']`. */
export function geographyScopes(unit: string): string[] {
  return [SimpleScope.getResult, `${unit}:geography:geography`];
}
