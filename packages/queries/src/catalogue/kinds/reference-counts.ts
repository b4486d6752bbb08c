import type { KindDecl } from '../types.js';

/**
 * Tier 2 counts against reference locations and the Tier 2 metrics (spec/query-kinds.md §6.1, §6.3), plus the
 * operational kinds dfs_metric_total_amount and dummy_query.
 */

/** unique_visitor_counts, active_at_reference_location_counts, unmoving_at_reference_location_counts, unmoving_counts. */
export const referenceCountKinds: readonly KindDecl[] = [];

/** dfs_metric_total_amount, dummy_query (the latter only when NODE_ENV=test). */
export const operationalKinds: readonly KindDecl[] = [];

/** unique_location_counts, total_active_periods. */
export const tier2MetricKinds: readonly KindDecl[] = [];
