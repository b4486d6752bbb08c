import type { KindDecl } from '../types.js';

/**
 * Tier 2 visit-based kinds (spec/query-kinds.md §6.1, §6.2): the top-level labelled aggregates and the
 * per-subscriber location_visits, majority_location, coalesced_location and mobility_classification.
 */

/** labelled_spatial_aggregate, labelled_flows (catalogue order). */
export const visitAggregateKinds: readonly KindDecl[] = [];

/** location_visits, majority_location, coalesced_location, mobility_classification (catalogue order). */
export const visitLocationKinds: readonly KindDecl[] = [];
