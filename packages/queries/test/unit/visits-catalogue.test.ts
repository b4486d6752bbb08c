import { aggregationUnitOf, parseQuerySpec, TOP_LEVEL_KINDS, validateSpec } from '@flowdeck/queries';

// The visit family in the catalogue (query-kinds.md §2, §4, §5, §6): validation messages, nesting, canonical form.

type Spec = Record<string, unknown>;
const daily = (date: string, unit = 'admin3'): Spec => ({
  query_kind: 'daily_location',
  date,
  aggregation_unit: unit,
  method: 'last',
});
const visits = (unit = 'admin3', dates = ['2016-01-02', '2016-01-01']): Spec => ({
  query_kind: 'location_visits',
  locations: dates.map((d) => daily(d, unit)),
});
const majority = (unit = 'admin3'): Spec => ({
  query_kind: 'majority_location',
  subscriber_location_weights: visits(unit),
});
const coalesced = (unit = 'admin3'): Spec => ({
  query_kind: 'coalesced_location',
  preferred_location: majority(unit),
  fallback_location: majority(unit),
  subscriber_location_weights: visits(unit),
  weight_threshold: 2,
});
const mobility = (locations: Spec[] = [coalesced(), coalesced()]): Spec => ({
  query_kind: 'mobility_classification',
  locations,
  stay_length_threshold: 2,
});
const lsa = (over: Spec = {}): Spec => ({
  query_kind: 'labelled_spatial_aggregate',
  locations: coalesced(),
  labels: mobility(),
  ...over,
});
const lf = (over: Spec = {}): Spec => ({
  query_kind: 'labelled_flows',
  from_location: coalesced(),
  to_location: coalesced(),
  labels: mobility(),
  ...over,
});

const errorsOf = (spec: Spec): unknown => {
  const v = validateSpec(spec);
  return v.ok ? undefined : v.errors;
};
const canonical = (spec: Spec): Spec => parseQuerySpec(spec, { redactionThreshold: 15 }).canonical;

describe('visit family catalogue', () => {
  it('publishes the labelled kinds at top level, after the Tier 2 reference counts, and not the sub-kinds', () => {
    expect(TOP_LEVEL_KINDS).toEqual(expect.arrayContaining(['labelled_spatial_aggregate', 'labelled_flows']));
    for (const k of ['location_visits', 'majority_location', 'coalesced_location', 'mobility_classification'])
      expect(TOP_LEVEL_KINDS).not.toContain(k);
    expect(TOP_LEVEL_KINDS.indexOf('labelled_flows')).toBe(
      TOP_LEVEL_KINDS.indexOf('labelled_spatial_aggregate') + 1,
    );
  });

  it('accepts FlowClient-shaped specs and fills the defaults', () => {
    const c = canonical(lf({ join_type: null }));
    expect(c['join_type']).toBe('inner');
    const from = c['from_location'] as Spec;
    expect((from['preferred_location'] as Spec)['include_unlocatable']).toBe(false);
    expect(from['sampling']).toBeNull();
    expect((c['labels'] as Spec)['sampling']).toBeNull();
  });

  it('sorts location_visits.locations by node id but keeps mobility_classification.locations as given', () => {
    const a = canonical({
      query_kind: 'spatial_aggregate',
      locations: {
        query_kind: 'majority_location',
        subscriber_location_weights: visits('admin3', ['2016-01-01', '2016-01-02']),
      },
    });
    const b = canonical({
      query_kind: 'spatial_aggregate',
      locations: {
        query_kind: 'majority_location',
        subscriber_location_weights: visits('admin3', ['2016-01-02', '2016-01-01']),
      },
    });
    expect(a).toEqual(b);
    const early = { ...coalesced(), weight_threshold: 1 };
    const x = parseQuerySpec(lsa({ labels: mobility([early, coalesced()]) }), { redactionThreshold: 15 });
    const y = parseQuerySpec(lsa({ labels: mobility([coalesced(), early]) }), { redactionThreshold: 15 });
    expect(x.queryId).not.toBe(y.queryId);
    expect(((x.canonical['labels'] as Spec)['locations'] as Spec[])[0]!['weight_threshold']).toBe(1);
  });

  it('derives the aggregation unit from the locations (query-kinds.md §3)', () => {
    expect(aggregationUnitOf(canonical(lsa({ locations: coalesced('admin2') })))).toBe('admin2');
    expect(
      aggregationUnitOf(
        canonical(lf({ from_location: coalesced('lon-lat'), to_location: coalesced('lon-lat') })),
      ),
    ).toBe('lon-lat');
    expect(errorsOf(lsa({ aggregation_unit: 'admin3' }))).toEqual({ aggregation_unit: ['Unknown field.'] });
  });

  it('names the bad field with marshmallow messages', () => {
    expect(errorsOf(lsa({ labels: undefined }))).toEqual({ labels: ['Missing data for required field.'] });
    expect(errorsOf(lsa({ locations: majority() }))).toEqual({
      locations: { query_kind: ['Must be one of: coalesced_location.'] },
    });
    expect(errorsOf(lsa({ labels: { ...mobility(), stay_length_threshold: 'x' } }))).toEqual({
      labels: { stay_length_threshold: ['Not a valid integer.'] },
    });
    expect(errorsOf(lsa({ labels: mobility([]) }))).toEqual({
      labels: { locations: ['Shorter than minimum length 1.'] },
    });
    expect(errorsOf(lsa({ labels: mobility([coalesced(), coalesced('admin2')]) }))).toEqual({
      labels: { locations: { _schema: ['All locations must have the same aggregation_unit.'] } },
    });
    expect(errorsOf(lsa({ locations: { ...coalesced(), weight_threshold: null } }))).toEqual({
      locations: { weight_threshold: ['Field may not be null.'] },
    });
    expect(
      errorsOf(lsa({ locations: { ...coalesced(), sampling: { sampling_method: 'system' } } })),
    ).toMatchObject({ locations: { sampling: expect.anything() } });
    expect(
      errorsOf(
        lsa({
          locations: { ...coalesced(), preferred_location: { ...majority(), include_unlocatable: 'yes' } },
        }),
      ),
    ).toEqual({
      locations: { preferred_location: { include_unlocatable: ['Not a valid boolean.'] } },
    });
    expect(errorsOf(lsa({ locations: { ...coalesced(), fallback_location: majority('admin2') } }))).toEqual({
      locations: {
        fallback_location: ['fallback_location must have the same aggregation_unit as preferred_location'],
        subscriber_location_weights: [
          'subscriber_location_weights must have the same aggregation_unit as fallback_location',
        ],
      },
    });
    expect(errorsOf({ ...majority(), query_kind: 'majority_location' })).toMatchObject({
      query_kind: [expect.stringMatching(/^Must be one of: /)],
    });
    expect(
      errorsOf(
        spatial({
          query_kind: 'location_visits',
          locations: [daily('2016-01-01'), daily('2016-01-02', 'admin2')],
        }),
      ),
    ).toMatchObject({
      locations: { query_kind: [expect.stringContaining('majority_location, coalesced_location')] },
    });
    expect(errorsOf(spatial({ ...majority(), subscriber_location_weights: visits('admin3', []) }))).toEqual({
      locations: { subscriber_location_weights: { locations: ['Shorter than minimum length 1.'] } },
    });
  });

  it('checks flows units and join_type of labelled_flows', () => {
    expect(errorsOf(lf({ to_location: coalesced('admin2') }))).toEqual({
      _schema: ['You cannot compute flows for locations on different spatial units'],
    });
    expect(errorsOf(lf({ join_type: 'outer' }))).toEqual({
      join_type: ['Must be one of: inner, full outer, left, right, left outer, right outer.'],
    });
  });

  it('accepts majority_location and coalesced_location in spatial_aggregate, joined_spatial_aggregate and flows', () => {
    expect(errorsOf(spatial(majority()))).toBeUndefined();
    expect(errorsOf(spatial(coalesced()))).toBeUndefined();
    expect(
      errorsOf({ query_kind: 'flows', from_location: majority(), to_location: coalesced() }),
    ).toBeUndefined();
    expect(
      errorsOf({
        query_kind: 'joined_spatial_aggregate',
        method: 'avg',
        locations: coalesced(),
        metric: { query_kind: 'event_count', start_date: '2016-01-01', end_date: '2016-01-02' },
      }),
    ).toBeUndefined();
  });
});

function spatial(locations: Spec): Spec {
  return { query_kind: 'spatial_aggregate', locations };
}
