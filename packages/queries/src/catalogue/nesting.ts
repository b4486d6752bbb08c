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
  // Slots of Tier 2 parents (the last row of spec/query-kinds.md §5).
  locationVisitsLocations: { tier1: [], tier2: ['daily_location', 'modal_location'] },
  subscriberLocationWeights: { tier1: [], tier2: ['location_visits'] },
  coalescedPreference: { tier1: [], tier2: ['majority_location'] },
  mobilityClassificationLocations: { tier1: [], tier2: ['coalesced_location'] },
  labelledLocations: { tier1: [], tier2: ['coalesced_location'] },
  labels: { tier1: [], tier2: ['mobility_classification'] },
  activeAtReferenceLocationCounts: { tier1: [], tier2: ['active_at_reference_location_counts'] },
  uniqueSubscriberCounts: { tier1: [], tier2: ['unique_subscriber_counts'] },
  /** Reference-location kinds: the Tier 1 location sub-kinds that give one location per subscriber, and Tier 2's. */
  referenceLocations: {
    tier1: ['daily_location', 'modal_location', 'most_frequent_location', 'visited_most_days'],
    tier2: ['majority_location', 'coalesced_location'],
  },
  uniqueLocations: { tier1: [], tier2: ['unique_locations'] },
} as const satisfies Record<string, { tier1: readonly string[]; tier2: readonly string[] }>;

export type NestingSlot = keyof typeof NESTING;

/** Every kind a slot may hold once implemented (Tier 1 then Tier 2, catalogue order). */
export function slotKinds(slot: NestingSlot): readonly string[] {
  return [...NESTING[slot].tier1, ...NESTING[slot].tier2];
}
