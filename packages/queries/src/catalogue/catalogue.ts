import { aggregateKinds } from './kinds/aggregates.js';
import { locationKinds } from './kinds/locations.js';
import { metricKinds } from './kinds/metrics.js';
import type { KindDecl } from './types.js';

/**
 * Every implemented kind, in catalogue order (spec/query-kinds.md §6). Extension point for Tier 2: add the kind's
 * declaration module under `kinds/` and list it here; nesting slots (`nesting.ts`) already name Tier 2 kinds and pick
 * them up automatically, as do the top-level enum, scopes and OpenAPI schemas.
 */
export const CATALOGUE: readonly KindDecl[] = [...aggregateKinds, ...locationKinds, ...metricKinds];

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
