import type { InvalidSpecCase } from './invalid-specs.js';

/** Invalid specs of the visit family (one per kind), with the error-tree path naming the bad field. */
export function invalidVisitSpecs(): InvalidSpecCase[] {
  const daily = (date: string, unit = 'admin3'): Record<string, unknown> => ({
    query_kind: 'daily_location',
    date,
    aggregation_unit: unit,
    method: 'last',
  });
  const visits = { query_kind: 'location_visits', locations: [daily('2016-01-01'), daily('2016-01-02')] };
  const majority = {
    query_kind: 'majority_location',
    subscriber_location_weights: visits,
    include_unlocatable: null,
  };
  const coalesced = {
    query_kind: 'coalesced_location',
    preferred_location: majority,
    fallback_location: majority,
    subscriber_location_weights: visits,
    weight_threshold: 1,
  };
  const mobility = {
    query_kind: 'mobility_classification',
    locations: [coalesced],
    stay_length_threshold: 1,
  };
  const lsa = (
    locations: Record<string, unknown>,
    labels: Record<string, unknown> = mobility,
  ): Record<string, unknown> => ({
    query_kind: 'labelled_spatial_aggregate',
    locations,
    labels,
  });
  const badVisits = { ...visits, locations: [daily('2016-01-01'), daily('2016-01-02', 'admin2')] };
  return [
    { kind: 'labelled_spatial_aggregate', spec: lsa(majority), path: ['locations', 'query_kind'] },
    {
      kind: 'labelled_flows',
      spec: {
        query_kind: 'labelled_flows',
        from_location: coalesced,
        to_location: coalesced,
        labels: mobility,
        join_type: 'sideways',
      },
      path: ['join_type'],
    },
    {
      kind: 'location_visits',
      spec: lsa({ ...coalesced, subscriber_location_weights: badVisits }),
      path: ['locations', 'subscriber_location_weights', 'locations', '_schema'],
    },
    {
      kind: 'majority_location',
      spec: lsa({ ...coalesced, preferred_location: { ...majority, include_unlocatable: 'sometimes' } }),
      path: ['locations', 'preferred_location', 'include_unlocatable'],
    },
    {
      kind: 'coalesced_location',
      spec: lsa({ ...coalesced, weight_threshold: 'two' }),
      path: ['locations', 'weight_threshold'],
    },
    {
      kind: 'mobility_classification',
      spec: lsa(coalesced, { ...mobility, stay_length_threshold: null }),
      path: ['labels', 'stay_length_threshold'],
    },
  ];
}
