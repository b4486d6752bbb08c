import {
  aggregationUnitOf,
  dateDependencies,
  parseQuerySpec,
  TOP_LEVEL_KINDS,
  validateSpec,
  type ErrorTree,
} from '@flowdeck/queries';
import * as s from '../support/specs.js';

// Tier 2 "counts" family of spec/query-kinds.md §6.1/§6.3: reference-location counts, Tier 2 metrics, DFS totals and
// the test-only dummy_query.

type Spec = Record<string, unknown>;
const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
const uniqueLocations = (unit = 'admin3', o: Spec = {}): Spec =>
  s.uniqueLocations({ aggregation_unit: unit, ...o });
const reference = (unit = 'admin3'): Spec => s.mostFrequentLocation({ aggregation_unit: unit });
const active = (unit = 'admin3', o: Spec = {}): Spec => ({
  query_kind: 'active_at_reference_location_counts',
  reference_locations: reference(unit),
  unique_locations: uniqueLocations(unit, o),
});
const visitors = (o: Spec = {}): Spec => ({
  query_kind: 'unique_visitor_counts',
  active_at_reference_location_counts: active(),
  unique_subscriber_counts: s.uniqueSubscriberCounts(),
  ...o,
});
const totalActivePeriods = (o: Spec = {}): Spec => ({
  query_kind: 'total_active_periods',
  start_date: '2016-01-01',
  total_periods: 3,
  ...o,
});

function canonical(spec: unknown): Spec {
  const result = validateSpec(spec);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.canonical;
}

function errorsOf(spec: unknown): ErrorTree {
  const result = validateSpec(spec);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.canonical)}`);
  return result.errors;
}

describe('counts family: accepted specs', () => {
  it('publishes the kinds as top level (dummy_query because Jest sets NODE_ENV=test)', () => {
    for (const kind of [
      'unique_visitor_counts',
      'active_at_reference_location_counts',
      'unmoving_at_reference_location_counts',
      'unmoving_counts',
      'dfs_metric_total_amount',
      'dummy_query',
    ]) {
      expect(TOP_LEVEL_KINDS).toContain(kind);
    }
    expect(TOP_LEVEL_KINDS).not.toContain('unique_location_counts');
  });

  it.each<[string, Spec, string]>([
    ['unique_visitor_counts', visitors(), 'admin3'],
    ['active_at_reference_location_counts', active('lon-lat'), 'lon-lat'],
    [
      'unmoving_at_reference_location_counts',
      {
        query_kind: 'unmoving_at_reference_location_counts',
        locations: uniqueLocations('admin2'),
        reference_locations: s.dailyLocation({ aggregation_unit: 'admin2' }),
      },
      'admin2',
    ],
    ['unmoving_counts', { query_kind: 'unmoving_counts', locations: uniqueLocations('admin1') }, 'admin1'],
    [
      'dfs_metric_total_amount',
      { query_kind: 'dfs_metric_total_amount', metric: 'fee', aggregation_unit: 'admin0', ...range },
      'admin0',
    ],
    ['dummy_query', { query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'x' }, 'admin3'],
  ])('%s is accepted and has its unit', (_kind, spec, unit) => {
    expect(aggregationUnitOf(canonical(spec))).toBe(unit);
  });

  it('fills defaults: dummy_delay 0, period_length 1, period_unit days', () => {
    expect(
      canonical({ query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'x' })['dummy_delay'],
    ).toBe(0);
    const jsa = canonical(s.histogramAggregate({ metric: totalActivePeriods() }));
    expect(jsa['metric']).toEqual(
      expect.objectContaining({
        period_length: 1,
        period_unit: 'days',
        event_types: null,
        subscriber_subset: null,
        hours: null,
      }),
    );
  });

  it('accepts unique_location_counts in joined_spatial_aggregate and histogram_aggregate, total_active_periods in histograms', () => {
    const ulc = { query_kind: 'unique_location_counts', aggregation_unit: 'admin3', ...range };
    expect(validateSpec(s.joinedSpatialAggregate({ metric: ulc, method: 'avg' })).ok).toBe(true);
    expect(validateSpec(s.histogramAggregate({ metric: ulc })).ok).toBe(true);
    expect(
      validateSpec(
        s.histogramAggregate({ metric: totalActivePeriods({ period_unit: 'hours', period_length: 6 }) }),
      ).ok,
    ).toBe(true);
    expect(errorsOf(s.joinedSpatialAggregate({ metric: totalActivePeriods(), method: 'avg' }))).toEqual({
      metric: { query_kind: [expect.stringMatching(/^Must be one of: .*unique_location_counts\.$/)] },
    });
  });

  it('gives the same id to a spec with and without its defaults', () => {
    const opts = { redactionThreshold: 15 };
    const bare = parseQuerySpec(s.histogramAggregate({ metric: totalActivePeriods() }), opts);
    const full = parseQuerySpec(
      s.histogramAggregate({
        metric: totalActivePeriods({
          period_length: 1,
          period_unit: 'days',
          event_types: null,
          hours: null,
          subscriber_subset: null,
        }),
      }),
      opts,
    );
    expect(full.queryId).toBe(bare.queryId);
  });
});

describe('counts family: validation errors', () => {
  it.each<[string, Spec, ErrorTree]>([
    [
      'active_at_reference_location_counts with mixed units',
      { ...active(), reference_locations: reference('admin2') },
      { _schema: ['Spatial unit mismatch.'] },
    ],
    [
      'active_at_reference_location_counts with a non-reference kind',
      { ...active(), reference_locations: uniqueLocations() },
      {
        reference_locations: {
          query_kind: [
            expect.stringMatching(
              /^Must be one of: daily_location, modal_location, most_frequent_location, visited_most_days/,
            ),
          ],
        },
      },
    ],
    [
      'active_at_reference_location_counts without unique_locations',
      { query_kind: 'active_at_reference_location_counts', reference_locations: reference() },
      { unique_locations: ['Missing data for required field.'] },
    ],
    [
      'unique_visitor_counts with different units',
      visitors({ unique_subscriber_counts: s.uniqueSubscriberCounts({ aggregation_unit: 'admin2' }) }),
      { _schema: ['Spatial unit mismatch.'] },
    ],
    [
      'unique_visitor_counts with different dates',
      visitors({ unique_subscriber_counts: s.uniqueSubscriberCounts({ end_date: '2016-01-02' }) }),
      {
        _schema: [
          'active_at_reference_location_counts.unique_locations and unique_subscriber_counts must have the same start_date and end_date.',
        ],
      },
    ],
    [
      'unique_visitor_counts with an aggregation_unit of its own',
      visitors({ aggregation_unit: 'admin3' }),
      { aggregation_unit: ['Unknown field.'] },
    ],
    [
      'unmoving_at_reference_location_counts with mixed units',
      {
        query_kind: 'unmoving_at_reference_location_counts',
        locations: uniqueLocations(),
        reference_locations: reference('lon-lat'),
      },
      { _schema: ['Spatial unit mismatch.'] },
    ],
    [
      'unmoving_counts with daily locations',
      { query_kind: 'unmoving_counts', locations: s.dailyLocation() },
      { locations: { query_kind: ['Must be one of: unique_locations.'] } },
    ],
    [
      'dfs_metric_total_amount with a bad metric',
      { query_kind: 'dfs_metric_total_amount', metric: 'tax', aggregation_unit: 'admin3', ...range },
      { metric: ['Must be one of: amount, commission, fee, discount.'] },
    ],
    [
      'dfs_metric_total_amount with end before start',
      {
        query_kind: 'dfs_metric_total_amount',
        metric: 'fee',
        aggregation_unit: 'admin3',
        start_date: '2016-01-03',
        end_date: '2016-01-01',
      },
      { _schema: ['start_date must be before end_date.'] },
    ],
    [
      'dummy_query without dummy_param',
      { query_kind: 'dummy_query', aggregation_unit: 'admin3' },
      { dummy_param: ['Missing data for required field.'] },
    ],
    [
      'dummy_query with a negative delay',
      { query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'x', dummy_delay: -1 },
      { dummy_delay: ['Must be greater than or equal to 0 and less than or equal to 3600.'] },
    ],
    [
      'total_active_periods with a bad period_unit',
      s.histogramAggregate({ metric: totalActivePeriods({ period_unit: 'weeks' }) }),
      { metric: { period_unit: ['Must be one of: days, hours, minutes.'] } },
    ],
    [
      'total_active_periods with zero periods',
      s.histogramAggregate({ metric: totalActivePeriods({ total_periods: 0 }) }),
      { metric: { total_periods: ['Must be greater than or equal to 1 and less than or equal to 100000.'] } },
    ],
    [
      'total_active_periods with an end_date',
      s.histogramAggregate({ metric: totalActivePeriods({ end_date: '2016-01-03' }) }),
      { metric: { end_date: ['Unknown field.'] } },
    ],
    [
      'unique_location_counts without aggregation_unit',
      s.histogramAggregate({ metric: { query_kind: 'unique_location_counts', ...range } }),
      { metric: { aggregation_unit: ['Missing data for required field.'] } },
    ],
  ])('%s', (_name, spec, errors) => {
    expect(errorsOf(spec)).toEqual(errors);
  });
});

describe('counts family: date dependencies', () => {
  it('total_active_periods reads start_date + total_periods × period_length period_unit', () => {
    const deps = dateDependencies(
      canonical(
        s.histogramAggregate({
          metric: totalActivePeriods({
            total_periods: 4,
            period_length: 12,
            period_unit: 'hours',
            event_types: ['sms'],
          }),
        }),
      ),
    );
    expect(deps).toEqual([
      { cdrType: 'sms', date: '2016-01-01' },
      { cdrType: 'sms', date: '2016-01-02' },
    ]);
    const minutes = dateDependencies(
      canonical(
        s.histogramAggregate({
          metric: totalActivePeriods({
            start_date: '2016-01-01T23:00:00',
            total_periods: 2,
            period_length: 45,
            period_unit: 'minutes',
            event_types: ['mds'],
          }),
        }),
      ),
    );
    expect(minutes).toEqual([
      { cdrType: 'mds', date: '2016-01-01' },
      { cdrType: 'mds', date: '2016-01-02' },
    ]);
  });

  it('reference counts read the dates of their sub-queries; dfs_metric_total_amount reads no CDR dates', () => {
    const deps = dateDependencies(
      canonical({
        query_kind: 'unmoving_counts',
        locations: uniqueLocations('admin3', { event_types: ['calls'] }),
      }),
    );
    expect(deps).toEqual([
      { cdrType: 'calls', date: '2016-01-01' },
      { cdrType: 'calls', date: '2016-01-02' },
    ]);
    expect(
      dateDependencies(
        canonical({
          query_kind: 'dfs_metric_total_amount',
          metric: 'fee',
          aggregation_unit: 'admin3',
          ...range,
        }),
      ),
    ).toEqual([]);
  });
});
