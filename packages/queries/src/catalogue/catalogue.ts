import { aggregateKinds } from './kinds/aggregates.js';
import { locationKinds } from './kinds/locations.js';
import { meaningfulLocationKinds } from './kinds/meaningful-locations.js';
import { metricKinds } from './kinds/metrics.js';
import { operationalKinds, referenceCountKinds, tier2MetricKinds } from './kinds/reference-counts.js';
import { visitAggregateKinds, visitLocationKinds } from './kinds/visits.js';
import type { KindDecl } from './types.js';

/**
 * Every implemented kind, in catalogue order (spec/query-kinds.md §6: top-level kinds, Tier 1 then Tier 2, then the
 * location sub-kinds, then the metrics). Nesting slots (`nesting.ts`) pick kinds up from here, as do the top-level
 * enum, scopes and OpenAPI schemas.
 */
export const CATALOGUE: readonly KindDecl[] = [
  ...aggregateKinds,
  ...referenceCountKinds,
  ...visitAggregateKinds,
  ...meaningfulLocationKinds,
  ...operationalKinds,
  ...locationKinds,
  ...visitLocationKinds,
  ...metricKinds,
  ...tier2MetricKinds,
];

const byKind = new Map(CATALOGUE.map((d) => [d.kind, d]));

/** Declaration of an implemented kind, or undefined. */
export function kindDecl(kind: string): KindDecl | undefined {
  return byKind.get(kind);
}

/** Implemented top-level kinds in catalogue order (the `Must be one of:` list of `/run`). */
export const TOP_LEVEL_KINDS: readonly string[] = CATALOGUE.filter((d) => d.topLevel).map((d) => d.kind);

/** Implemented subset of `kinds`, keeping order. */
export function implementedOnly(kinds: readonly string[]): string[] {
  return kinds.filter((k) => byKind.has(k));
}
