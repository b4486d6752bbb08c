import type { KindDecl } from '../types.js';

/**
 * Tier 2 meaningful-locations kinds (spec/query-kinds.md §6.1): meaningful_locations_aggregate,
 * meaningful_locations_between_label_od_matrix, meaningful_locations_between_dates_od_matrix.
 */
export const meaningfulLocationKinds: readonly KindDecl[] = [];
