import { TOP_LEVEL_KINDS, validateSpec, type ErrorTree } from '@flowdeck/queries';
import * as s from '../support/specs.js';

const ONE_OF_UNITS = 'Must be one of: admin0, admin1, admin2, admin3, lon-lat.';
const AGG_LOCATIONS =
  'Must be one of: daily_location, modal_location, most_frequent_location, visited_most_days, majority_location, coalesced_location.';
const JSA_METRICS =
  'Must be one of: radius_of_gyration, event_count, subscriber_degree, handset, topup_amount, topup_balance, nocturnal_events, displacement, pareto_interactions, unique_location_counts.';
const HIST_METRICS =
  'Must be one of: radius_of_gyration, event_count, subscriber_degree, topup_amount, topup_balance, nocturnal_events, displacement, pareto_interactions, unique_location_counts, total_active_periods.';
const CONTINUOUS = 'Must be one of: avg, max, min, median, mode, stddev, variance.';
const STATISTICS = 'Must be one of: count, sum, avg, max, min, median, stddev, variance, mode.';
const HOUR_RANGE = 'Must be greater than or equal to 0 and less than or equal to 24.';

function errorsOf(spec: unknown): ErrorTree {
  const result = validateSpec(spec);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.canonical)}`);
  return result.errors;
}

describe('valid FlowClient-style specs', () => {
  it.each(s.validTopLevelSpecs().map((spec) => [String(spec['query_kind']), spec]))(
    '%s is accepted',
    (_kind, spec) => {
      const result = validateSpec(spec);
      expect(result).toEqual(expect.objectContaining({ ok: true }));
    },
  );

  it('covers every top-level kind', () => {
    const kinds = new Set(s.validTopLevelSpecs().map((spec) => spec['query_kind']));
    expect([...kinds].sort()).toEqual([...TOP_LEVEL_KINDS].sort());
  });

  it('accepts the minimal form (optional keys absent) and fills defaults and nulls', () => {
    const result = validateSpec({
      query_kind: 'location_introversion',
      start_date: '2016-01-01',
      end_date: '2016-01-02T00:00:00',
      aggregation_unit: 'admin1',
    });
    expect(result).toEqual({
      ok: true,
      canonical: {
        query_kind: 'location_introversion',
        start_date: '2016-01-01',
        end_date: '2016-01-02',
        aggregation_unit: 'admin1',
        direction: 'both',
        event_types: null,
        subscriber_subset: null,
        mapping_table: null,
        geom_table: null,
        geom_table_join_column: null,
        hours: null,
      },
    });
  });

  it('derives aggregate_by one level above total_by, and fills handset and flows defaults', () => {
    const anoResult = validateSpec(s.aggregateNetworkObjects());
    expect(anoResult.ok && anoResult.canonical['aggregate_by']).toBe('day');
    const year = validateSpec(
      s.aggregateNetworkObjects({ total_network_objects: s.totalNetworkObjects({ total_by: 'year' }) }),
    );
    expect(year.ok && year.canonical['aggregate_by']).toBe('century');
    const dflt = validateSpec(s.aggregateNetworkObjects({ total_network_objects: s.totalNetworkObjects() }));
    expect(dflt.ok && dflt.canonical['aggregate_by']).toBe('month');
    const jsa = validateSpec(
      s.joinedSpatialAggregate({
        metric: s.handset({ characteristic: null, method: null }),
        method: 'distr',
      }),
    );
    expect(jsa.ok && (jsa.canonical['metric'] as Record<string, unknown>)).toEqual(
      expect.objectContaining({ characteristic: 'hnd_type', method: 'last' }),
    );
    const fl = validateSpec(s.flows());
    expect(fl.ok && fl.canonical['join_type']).toBe('inner');
  });

  it('normalises dates, sorts and de-duplicates event_types', () => {
    const result = validateSpec(
      s.uniqueSubscriberCounts({
        start_date: '2016-01-01T06:30:00',
        end_date: '2016-01-02T02:00:00+02:00',
        event_types: ['sms', 'calls', 'sms'],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.canonical['start_date']).toBe('2016-01-01T06:30:00Z');
    expect(result.canonical['end_date']).toBe('2016-01-02');
    expect(result.canonical['event_types']).toEqual(['calls', 'sms']);
    const ms = validateSpec(s.uniqueSubscriberCounts({ start_date: '2016-01-01T00:00:00.250Z' }));
    expect(ms.ok && ms.canonical['start_date']).toBe('2016-01-01T00:00:00.250Z');
  });
});

/** One (or more) bad value per kind, with the exact error tree. */
const cases: [string, unknown, ErrorTree][] = [
  [
    'spatial_aggregate: disallowed nested kind',
    s.spatialAggregate({ locations: s.uniqueLocations() }),
    { locations: { query_kind: [AGG_LOCATIONS] } },
  ],
  [
    'spatial_aggregate: null locations',
    s.spatialAggregate({ locations: null }),
    { locations: ['Field may not be null.'] },
  ],
  [
    'spatial_aggregate: locations not an object',
    s.spatialAggregate({ locations: 'x' }),
    { locations: ['Invalid input type.'] },
  ],
  [
    'spatial_aggregate: aggregation_unit is read-only',
    s.spatialAggregate({ aggregation_unit: 'admin3' }),
    { aggregation_unit: ['Unknown field.'] },
  ],
  [
    'spatial_aggregate: nested kind missing',
    s.spatialAggregate({ locations: { date: '2016-01-01' } }),
    { locations: { query_kind: ['Missing data for required field.'] } },
  ],
  [
    'joined_spatial_aggregate: continuous metric with distr',
    s.joinedSpatialAggregate({ method: 'distr', metric: s.topupBalance() }),
    { method: [CONTINUOUS] },
  ],
  [
    'joined_spatial_aggregate: handset with avg',
    s.joinedSpatialAggregate({ metric: s.handset(), method: 'avg' }),
    { method: ['Must be one of: distr.'] },
  ],
  [
    'joined_spatial_aggregate: unknown method',
    s.joinedSpatialAggregate({ method: 'mean' }),
    { method: ['Must be one of: avg, max, min, median, mode, stddev, variance, distr.'] },
  ],
  [
    'joined_spatial_aggregate: unknown metric',
    s.joinedSpatialAggregate({ metric: s.dailyLocation() }),
    { metric: { query_kind: [JSA_METRICS] } },
  ],
  [
    'flows: different units',
    s.flows({ to_location: s.dailyLocation({ aggregation_unit: 'admin2' }) }),
    { _schema: ['You cannot compute flows for locations on different spatial units'] },
  ],
  [
    'inflows: bad join_type',
    s.inflows({ join_type: 'outer' }),
    { join_type: ['Must be one of: inner, full outer, left, right, left outer, right outer.'] },
  ],
  [
    'outflows: missing to_location',
    (() => {
      const o = s.outflows();
      delete o['to_location'];
      return o;
    })(),
    { to_location: ['Missing data for required field.'] },
  ],
  [
    'unique_subscriber_counts: start after end',
    s.uniqueSubscriberCounts({ start_date: '2016-01-05' }),
    { _schema: ['start_date must be before end_date.'] },
  ],
  [
    'unique_subscriber_counts: start equals end',
    s.uniqueSubscriberCounts({ end_date: '2016-01-01T00:00:00Z' }),
    { _schema: ['start_date must be before end_date.'] },
  ],
  [
    'location_introversion: bad direction',
    s.locationIntroversion({ direction: 'sideways' }),
    { direction: ['Must be one of: in, out, both.'] },
  ],
  [
    'total_network_objects: bad total_by',
    s.totalNetworkObjects({ total_by: 'week' }),
    { total_by: ['Must be one of: second, minute, hour, day, month, year.'] },
  ],
  [
    'aggregate_network_objects: bad statistic',
    s.aggregateNetworkObjects({ statistic: 'sum' }),
    { statistic: [CONTINUOUS] },
  ],
  [
    'aggregate_network_objects: bad aggregate_by',
    s.aggregateNetworkObjects({ aggregate_by: 'week' }),
    { aggregate_by: ['Must be one of: second, minute, hour, day, month, year, century.'] },
  ],
  [
    'location_event_counts: missing interval',
    (() => {
      const o = s.locationEventCounts();
      delete o['interval'];
      return o;
    })(),
    { interval: ['Missing data for required field.'] },
  ],
  [
    'histogram_aggregate: both bins',
    s.histogramAggregate({ bins: { n_bins: 3, bin_list: [1, 2] } }),
    { bins: { _schema: ['Only one of n_bins or bin_list may be provided.'] } },
  ],
  [
    'histogram_aggregate: neither bins',
    s.histogramAggregate({ bins: { n_bins: null } }),
    { bins: { _schema: ['One of n_bins or bin_list must be provided.'] } },
  ],
  [
    'histogram_aggregate: n_bins 0',
    s.histogramAggregate({ bins: { n_bins: 0 } }),
    { bins: { n_bins: ['Must be greater than or equal to 1.'] } },
  ],
  [
    'histogram_aggregate: short bin_list',
    s.histogramAggregate({ bins: { bin_list: [1] } }),
    { bins: { bin_list: ['Shorter than minimum length 2.'] } },
  ],
  [
    'histogram_aggregate: bad bin edge',
    s.histogramAggregate({ bins: { bin_list: [1, 'two'] } }),
    { bins: { bin_list: { '1': ['Not a valid number.'] } } },
  ],
  [
    'histogram_aggregate: handset metric',
    s.histogramAggregate({ metric: s.handset() }),
    { metric: { query_kind: [HIST_METRICS] } },
  ],
  [
    'histogram_aggregate: range missing bound',
    s.histogramAggregate({ range: { lower_bound: 1 } }),
    { range: { upper_bound: ['Missing data for required field.'] } },
  ],
  [
    'geography: lon-lat',
    s.geography({ aggregation_unit: 'lon-lat' }),
    { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'] },
  ],
  [
    'trips_od_matrix: subscriber_subset',
    s.tripsOdMatrix({ subscriber_subset: 'abc' }),
    { subscriber_subset: ['Must be None or a valid query id.'] },
  ],
  [
    'trips_od_matrix: mapping_table and geom_table outside schema geography',
    s.tripsOdMatrix({ mapping_table: 't', geom_table: 'g', geom_table_join_column: 'c' }),
    {
      mapping_table: ['Must be a table of schema geography: geography.<name> (lowercase letters, digits and _).'],
      geom_table: ['Must be a table of schema geography: geography.<name> (lowercase letters, digits and _).'],
    },
  ],
  [
    'trips_od_matrix: sampling is not a field of Tier 1 kinds',
    s.tripsOdMatrix({ sampling: { size: 10 } }),
    { sampling: ['Unknown field.'] },
  ],
  [
    'consecutive_trips_od_matrix: bad date',
    s.consecutiveTripsOdMatrix({ start_date: 'yesterday' }),
    { start_date: ['Not a valid datetime.'] },
  ],
  [
    'consecutive_trips_od_matrix: impossible date',
    s.consecutiveTripsOdMatrix({ end_date: '2016-02-30' }),
    { end_date: ['Not a valid datetime.'] },
  ],
  [
    'consecutive_trips_od_matrix: non-string date',
    s.consecutiveTripsOdMatrix({ end_date: 20160101 }),
    { end_date: ['Not a valid datetime.'] },
  ],
  [
    'daily_location: bad method',
    s.spatialAggregate({ locations: s.dailyLocation({ method: 'first' }) }),
    { locations: { method: ['Must be one of: last, most-common.'] } },
  ],
  [
    'daily_location: bad unit',
    s.spatialAggregate({ locations: s.dailyLocation({ aggregation_unit: 'admin4' }) }),
    { locations: { aggregation_unit: [ONE_OF_UNITS] } },
  ],
  [
    'modal_location: empty',
    s.spatialAggregate({ locations: s.modalLocation('admin3', { locations: [] }) }),
    { locations: { locations: ['Shorter than minimum length 1.'] } },
  ],
  [
    'modal_location: not a list',
    s.spatialAggregate({ locations: s.modalLocation('admin3', { locations: s.dailyLocation() }) }),
    { locations: { locations: ['Not a valid list.'] } },
  ],
  [
    'modal_location: mixed units',
    s.spatialAggregate({
      locations: {
        query_kind: 'modal_location',
        locations: [s.dailyLocation(), s.dailyLocation({ aggregation_unit: 'admin2' })],
      },
    }),
    {
      locations: { locations: { _schema: ['All locations must have the same aggregation_unit.'] } },
    },
  ],
  [
    'modal_location: bad item',
    s.spatialAggregate({
      locations: { query_kind: 'modal_location', locations: [s.dailyLocation(), s.mostFrequentLocation()] },
    }),
    {
      locations: { locations: { '1': { query_kind: ['Must be one of: daily_location.'] } } },
    },
  ],
  [
    'most_frequent_location: bad unit',
    s.spatialAggregate({ locations: s.mostFrequentLocation({ aggregation_unit: 'admin9' }) }),
    { locations: { aggregation_unit: [ONE_OF_UNITS] } },
  ],
  [
    'visited_most_days: hour out of range',
    s.spatialAggregate({ locations: s.visitedMostDays({ hours: { start_hour: 25, end_hour: 3 } }) }),
    {
      locations: { hours: { start_hour: [HOUR_RANGE] } },
    },
  ],
  [
    'unique_locations: bad event type',
    s.flows({ from_location: s.uniqueLocations({ event_types: ['calls', 'fax'] }) }),
    {
      from_location: { event_types: { '1': ['Must be one of: calls, sms, mds, topups.'] } },
    },
  ],
  [
    'unique_locations: empty event types',
    s.flows({ from_location: s.uniqueLocations({ event_types: [] }) }),
    { from_location: { event_types: ['Shorter than minimum length 1.'] } },
  ],
  [
    'radius_of_gyration: old start/stop keys',
    s.joinedSpatialAggregate({
      metric: { query_kind: 'radius_of_gyration', start: '2016-01-01', stop: '2016-01-02' },
    }),
    {
      metric: {
        start_date: ['Missing data for required field.'],
        end_date: ['Missing data for required field.'],
        start: ['Unknown field.'],
        stop: ['Unknown field.'],
      },
    },
  ],
  [
    'event_count: bad direction type',
    s.joinedSpatialAggregate({ metric: s.eventCount({ direction: 5 }) }),
    { metric: { direction: ['Must be one of: in, out, both.'] } },
  ],
  [
    'subscriber_degree: event_types not a list',
    s.joinedSpatialAggregate({ metric: s.subscriberDegree({ event_types: 'calls' }) }),
    { metric: { event_types: ['Not a valid list.'] } },
  ],
  [
    'handset: bad characteristic',
    s.joinedSpatialAggregate({ metric: s.handset({ characteristic: 'colour' }), method: 'distr' }),
    {
      metric: {
        characteristic: ['Must be one of: hnd_type, brand, model, software_os_name, software_os_vendor.'],
      },
    },
  ],
  [
    'topup_amount: missing statistic',
    s.joinedSpatialAggregate({ metric: s.topupAmount({ statistic: undefined }) }),
    { metric: { statistic: ['Missing data for required field.'] } },
  ],
  [
    'topup_amount: bad statistic',
    s.joinedSpatialAggregate({ metric: s.topupAmount({ statistic: 'total' }) }),
    { metric: { statistic: [STATISTICS] } },
  ],
  [
    'topup_balance: hours not an object',
    s.joinedSpatialAggregate({ metric: s.topupBalance({ hours: 'morning' }) }),
    { metric: { hours: ['Invalid input type.'] } },
  ],
  [
    'topup_balance: hour not an integer',
    s.joinedSpatialAggregate({ metric: s.topupBalance({ hours: { start_hour: '6', end_hour: 7.5 } }) }),
    {
      metric: { hours: { start_hour: ['Not a valid integer.'], end_hour: ['Not a valid integer.'] } },
    },
  ],
  [
    'nocturnal_events: old night keys',
    s.joinedSpatialAggregate({
      metric: s.nocturnalEvents({ night_hours: undefined, night_start_hour: 20, night_end_hour: 4 }),
    }),
    {
      metric: {
        night_hours: ['Missing data for required field.'],
        night_start_hour: ['Unknown field.'],
        night_end_hour: ['Unknown field.'],
      },
    },
  ],
  [
    'displacement: reference not lon-lat',
    s.joinedSpatialAggregate({ metric: s.displacement({ reference_location: s.dailyLocation() }) }),
    {
      metric: { reference_location: { aggregation_unit: ['Must be one of: lon-lat.'] } },
    },
  ],
  [
    'displacement: modal reference not lon-lat',
    s.joinedSpatialAggregate({ metric: s.displacement({ reference_location: s.modalLocation('admin1') }) }),
    {
      metric: { reference_location: { aggregation_unit: ['Must be one of: lon-lat.'] } },
    },
  ],
  [
    'pareto_interactions: proportion out of range',
    s.joinedSpatialAggregate({ metric: s.paretoInteractions({ proportion: 1.5 }) }),
    {
      metric: { proportion: ['Must be greater than or equal to 0 and less than or equal to 1.'] },
    },
  ],
  [
    'pareto_interactions: proportion not a number',
    s.joinedSpatialAggregate({ metric: s.paretoInteractions({ proportion: 'half' }) }),
    { metric: { proportion: ['Not a valid number.'] } },
  ],
  [
    'top level: nested-only kind',
    s.dailyLocation(),
    { query_kind: [`Must be one of: ${TOP_LEVEL_KINDS.join(', ')}.`] },
  ],
  [
    'top level: unknown kind',
    { query_kind: 'no_such_kind', aggregation_unit: 'admin3' },
    { query_kind: [`Must be one of: ${TOP_LEVEL_KINDS.join(', ')}.`] },
  ],
];

describe('invalid specs produce the exact error tree', () => {
  it.each(cases)('%s', (_name, spec, expected) => {
    expect(errorsOf(JSON.parse(JSON.stringify(spec)))).toEqual(expected);
  });

  it('lists errors of several nested specs at once', () => {
    expect(
      errorsOf(
        s.joinedSpatialAggregate({
          locations: s.dailyLocation({ date: 'x' }),
          metric: s.radiusOfGyration({ end_date: null }),
          extra: true,
        }),
      ),
    ).toEqual({
      locations: { date: ['Not a valid datetime.'] },
      metric: { end_date: ['Field may not be null.'] },
      extra: ['Unknown field.'],
    });
  });
});
