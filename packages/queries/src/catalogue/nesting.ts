/**
 * Nesting rules of spec/query-kinds.md §5: which kinds a nested-query field accepts. Tier 2 additions are listed
 * here already; `allowedKinds` keeps only kinds that are implemented (present in the catalogue), so a Tier 2 kind
 * becomes accepted, published and scoped everywhere the moment its declaration is added to `catalogue.ts`.
 */
export const NESTING = {
  aggregateLocations: {
    tier1: ['daily_location', 'modal_location', 'most_frequent_location', 'visited_most_days'],
    tier2: ['majority_location', 'coalesced_location'],
  },
  joinedMetrics: {
    tier1: [
      'radius_of_gyration',
      'event_count',
      'subscriber_degree',
      'handset',
      'topup_amount',
      'topup_balance',
      'nocturnal_events',
      'displacement',
      'pareto_interactions',
    ],
    tier2: ['unique_location_counts'],
  },
  histogramMetrics: {
    tier1: [
      'radius_of_gyration',
      'event_count',
      'subscriber_degree',
      'topup_amount',
      'topup_balance',
      'nocturnal_events',
      'displacement',
      'pareto_interactions',
    ],
    tier2: ['unique_location_counts', 'total_active_periods'],
  },
  flowLocations: {
    tier1: [
      'daily_location',
      'modal_location',
      'most_frequent_location',
      'visited_most_days',
      'unique_locations',
    ],
    tier2: ['majority_location', 'coalesced_location'],
  },
  modalLocations: { tier1: ['daily_location'], tier2: [] },
  displacementReference: { tier1: ['daily_location', 'modal_location'], tier2: [] },
  networkObjects: { tier1: ['total_network_objects'], tier2: [] },
} as const satisfies Record<string, { tier1: readonly string[]; tier2: readonly string[] }>;

export type NestingSlot = keyof typeof NESTING;

/** Every kind a slot may hold once implemented (Tier 1 then Tier 2, catalogue order). */
export function slotKinds(slot: NestingSlot): readonly string[] {
  return [...NESTING[slot].tier1, ...NESTING[slot].tier2];
}
