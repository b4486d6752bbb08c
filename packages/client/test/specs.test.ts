import { parseQuerySpec, TOP_LEVEL_KINDS, validateSpec, CATALOGUE } from '@flowdeck/queries';
import {
  aggregateNetworkObjectsSpec,
  consecutiveTripsOdMatrixSpec,
  dailyLocationSpec,
  datesInRange,
  displacementSpec,
  eventCountSpec,
  flowsSpec,
  geographySpec,
  handsetSpec,
  histogramAggregateSpec,
  inflowsSpec,
  joinedSpatialAggregateSpec,
  jointSpatialAggregateSpec,
  locationEventCountsSpec,
  locationIntroversionSpec,
  modalLocationFromDatesSpec,
  modalLocationSpec,
  mostFrequentLocationSpec,
  nocturnalEventsSpec,
  outflowsSpec,
  paretoInteractionsSpec,
  radiusOfGyrationSpec,
  spatialAggregateSpec,
  subscriberDegreeSpec,
  topupAmountSpec,
  topupBalanceSpec,
  totalNetworkObjectsSpec,
  tripsOdMatrixSpec,
  uniqueLocationsSpec,
  uniqueSubscriberCountsSpec,
  visitedMostDaysSpec,
  type QuerySpec,
} from '../src/index.js';

const range = { startDate: '2016-01-01', endDate: '2016-01-04' };
const daily = dailyLocationSpec({ date: '2016-01-01', aggregationUnit: 'admin3', method: 'last' });
const dailyLonLat = dailyLocationSpec({ date: '2016-01-01', aggregationUnit: 'lon-lat', method: 'most-common' });

/** Sub-kinds, each with a fully optioned variant too. */
const locations: Record<string, QuerySpec[]> = {
  daily_location: [
    daily,
    dailyLocationSpec({
      date: '2016-01-02',
      aggregationUnit: 'admin2',
      method: 'most-common',
      eventTypes: ['calls', 'sms'],
      hours: [22, 4],
    }),
  ],
  modal_location: [
    modalLocationSpec({ locations: [daily] }),
    modalLocationFromDatesSpec({ ...range, aggregationUnit: 'admin3', method: 'last', hours: [6, 18] }),
  ],
  most_frequent_location: [
    mostFrequentLocationSpec({ ...range, aggregationUnit: 'admin1' }),
    mostFrequentLocationSpec({ ...range, aggregationUnit: 'lon-lat', eventTypes: ['mds'], hours: [0, 12] }),
  ],
  visited_most_days: [visitedMostDaysSpec({ ...range, aggregationUnit: 'admin3', hours: [8, 20] })],
  unique_locations: [uniqueLocationsSpec({ ...range, aggregationUnit: 'admin3', eventTypes: ['calls'] })],
};

const metrics: Record<string, QuerySpec[]> = {
  radius_of_gyration: [radiusOfGyrationSpec(range), radiusOfGyrationSpec({ ...range, hours: [1, 2], eventTypes: ['calls'] })],
  event_count: [eventCountSpec(range), eventCountSpec({ ...range, direction: 'out', eventTypes: ['sms', 'calls'] })],
  subscriber_degree: [subscriberDegreeSpec({ ...range, direction: 'in' })],
  handset: [handsetSpec(range), handsetSpec({ ...range, characteristic: 'brand' })],
  topup_amount: [topupAmountSpec({ ...range, statistic: 'avg' })],
  topup_balance: [topupBalanceSpec({ ...range, statistic: 'median', hours: [0, 6] })],
  nocturnal_events: [nocturnalEventsSpec({ ...range, hours: [20, 4] })],
  displacement: [
    displacementSpec({ ...range, statistic: 'max', referenceLocation: dailyLonLat }),
    displacementSpec({
      ...range,
      statistic: 'avg',
      referenceLocation: modalLocationFromDatesSpec({ ...range, aggregationUnit: 'lon-lat', method: 'last' }),
    }),
  ],
  pareto_interactions: [paretoInteractionsSpec({ ...range, proportion: 0.8 })],
};

const tno = totalNetworkObjectsSpec({ ...range, aggregationUnit: 'admin3' });

const topLevel: Record<string, QuerySpec[]> = {
  spatial_aggregate: Object.values(locations)
    .flat()
    .filter((l) => l['query_kind'] !== 'unique_locations')
    .map((l) => spatialAggregateSpec({ locations: l })),
  joined_spatial_aggregate: [
    ...Object.values(metrics)
      .flat()
      .filter((m) => m['query_kind'] !== 'handset')
      .map((metric) => joinedSpatialAggregateSpec({ locations: daily, metric, method: 'median' })),
    joinedSpatialAggregateSpec({ locations: daily, metric: radiusOfGyrationSpec(range) }),
    jointSpatialAggregateSpec({ locations: daily, metric: handsetSpec(range), method: 'distr' }),
  ],
  flows: [
    flowsSpec({ fromLocation: daily, toLocation: uniqueLocationsSpec({ ...range, aggregationUnit: 'admin3' }) }),
    flowsSpec({ fromLocation: daily, toLocation: daily, joinType: 'full outer' }),
  ],
  inflows: [inflowsSpec({ fromLocation: daily, toLocation: locations['modal_location']![1]! })],
  outflows: [outflowsSpec({ fromLocation: daily, toLocation: daily })],
  unique_subscriber_counts: [
    uniqueSubscriberCountsSpec({ ...range, aggregationUnit: 'admin3' }),
    uniqueSubscriberCountsSpec({ ...range, aggregationUnit: 'lon-lat', eventTypes: ['topups'], hours: [1, 3] }),
  ],
  location_introversion: [locationIntroversionSpec({ ...range, aggregationUnit: 'admin1', direction: 'in' })],
  total_network_objects: [tno, totalNetworkObjectsSpec({ ...range, aggregationUnit: 'admin0', totalBy: 'hour' })],
  aggregate_network_objects: [
    aggregateNetworkObjectsSpec({ totalNetworkObjects: tno, statistic: 'avg' }),
    aggregateNetworkObjectsSpec({ totalNetworkObjects: tno, statistic: 'max', aggregateBy: 'month' }),
  ],
  location_event_counts: [
    locationEventCountsSpec({ ...range, aggregationUnit: 'admin3', countInterval: 'hour' }),
    locationEventCountsSpec({ ...range, aggregationUnit: 'admin2', countInterval: 'min', direction: 'out', hours: [2, 5] }),
  ],
  histogram_aggregate: [
    ...Object.values(metrics)
      .flat()
      .filter((m) => m['query_kind'] !== 'handset')
      .map((metric) => histogramAggregateSpec({ metric, bins: 5 })),
    histogramAggregateSpec({ metric: eventCountSpec(range), bins: [0, 10, 100], range: [0, 100] }),
  ],
  geography: [geographySpec({ aggregationUnit: 'admin2' })],
  trips_od_matrix: [tripsOdMatrixSpec({ ...range, aggregationUnit: 'admin3' })],
  consecutive_trips_od_matrix: [consecutiveTripsOdMatrixSpec({ ...range, aggregationUnit: 'admin3', eventTypes: ['calls'] })],
};

describe('spec builders produce specs the server accepts', () => {
  test('every Tier 1 kind of the catalogue has at least one builder case', () => {
    const covered = new Set([...Object.keys(locations), ...Object.keys(metrics), ...Object.keys(topLevel)]);
    const tier1 = CATALOGUE.filter((d) => d.tier === 1).map((d) => d.kind);
    expect(tier1.filter((k) => !covered.has(k))).toEqual([]);
  });

  const subCases = [...Object.entries(locations), ...Object.entries(metrics)].flatMap(([kind, specs]) =>
    specs.map((spec, i): [string, number, QuerySpec] => [kind, i, spec]),
  );
  test.each(subCases)('%s #%d validates as a nested kind', (kind, _i, spec) => {
    const result = validateSpec(spec, [kind]);
    expect(result).toEqual(expect.objectContaining({ ok: true }));
  });

  const topCases = Object.entries(topLevel).flatMap(([kind, specs]) => specs.map((spec, i): [string, number, QuerySpec] => [kind, i, spec]));
  test.each(topCases)('%s #%d passes POST /run validation', (kind, _i, spec) => {
    expect(TOP_LEVEL_KINDS).toContain(kind);
    const v = parseQuerySpec(spec, { redactionThreshold: 15 });
    expect(v.kind).toBe(kind);
    expect(v.queryId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('builders emit the JSON FlowClient sends', () => {
  test('spatial aggregate of a daily location is the body of spec/api.md §12, key for key', () => {
    const spec = spatialAggregateSpec({
      locations: dailyLocationSpec({ date: '2016-01-01', aggregationUnit: 'admin3', method: 'last' }),
    });
    expect(JSON.stringify(spec)).toBe(
      '{"query_kind":"spatial_aggregate","locations":{"query_kind":"daily_location","date":"2016-01-01",' +
        '"aggregation_unit":"admin3","method":"last","event_types":null,"subscriber_subset":null,"mapping_table":null,' +
        '"geom_table":null,"geom_table_join_column":null,"hours":null}}',
    );
  });

  test('optional keys are present as null and hours become an object', () => {
    expect(mostFrequentLocationSpec({ ...range, aggregationUnit: 'admin3', hours: [6, 9] })).toEqual({
      query_kind: 'most_frequent_location',
      start_date: '2016-01-01',
      end_date: '2016-01-04',
      hours: { start_hour: 6, end_hour: 9 },
      aggregation_unit: 'admin3',
      event_types: null,
      subscriber_subset: null,
      mapping_table: null,
      geom_table: null,
      geom_table_join_column: null,
    });
    expect(Object.keys(eventCountSpec(range))).toEqual([
      'query_kind',
      'start_date',
      'end_date',
      'direction',
      'event_types',
      'subscriber_subset',
      'hours',
    ]);
    expect(eventCountSpec(range)['direction']).toBe('both');
    expect(nocturnalEventsSpec({ ...range, hours: [20, 4] })).toEqual({
      query_kind: 'nocturnal_events',
      start_date: '2016-01-01',
      end_date: '2016-01-04',
      night_hours: { start_hour: 20, end_hour: 4 },
      event_types: null,
      subscriber_subset: null,
    });
    expect(topupAmountSpec({ ...range, statistic: 'sum' })).toEqual({
      query_kind: 'topup_amount',
      start_date: '2016-01-01',
      end_date: '2016-01-04',
      statistic: 'sum',
      subscriber_subset: null,
      hours: null,
    });
  });

  test('FlowClient defaults: jsa method avg, handset hnd_type/last, aggregate_by day, total_by day', () => {
    expect(joinedSpatialAggregateSpec({ locations: daily, metric: radiusOfGyrationSpec(range) })['method']).toBe('avg');
    expect(handsetSpec(range)).toMatchObject({ characteristic: 'hnd_type', method: 'last' });
    expect(aggregateNetworkObjectsSpec({ totalNetworkObjects: tno, statistic: 'avg' })['aggregate_by']).toBe('day');
    expect(tno['total_by']).toBe('day');
  });

  test('location_event_counts sends count_interval as interval; kinds without hours in FlowClient omit the key', () => {
    const spec = locationEventCountsSpec({ ...range, aggregationUnit: 'admin3', countInterval: 'day' });
    expect(spec['interval']).toBe('day');
    expect('hours' in spec).toBe(false);
    expect('hours' in uniqueSubscriberCountsSpec({ ...range, aggregationUnit: 'admin3' })).toBe(false);
    expect('join_type' in flowsSpec({ fromLocation: daily, toLocation: daily })).toBe(false);
  });

  test('modal location from dates: one daily location per day, end exclusive, naive times as UTC', () => {
    expect(datesInRange('2016-01-30', '2016-02-02')).toEqual(['2016-01-30', '2016-01-31', '2016-02-01']);
    expect(datesInRange('2016-01-01', '2016-01-01')).toEqual([]);
    expect(datesInRange('2016-03-26T00:00:00', '2016-03-28')).toEqual(['2016-03-26', '2016-03-27']);
    const modal = modalLocationFromDatesSpec({ ...range, aggregationUnit: 'admin3', method: 'last' });
    expect((modal['locations'] as QuerySpec[]).map((l) => l['date'])).toEqual(['2016-01-01', '2016-01-02', '2016-01-03']);
    expect(() => datesInRange('yesterday', '2016-01-01')).toThrow(TypeError);
  });

  test('histogram bins: an integer becomes n_bins, a list bin_list; range becomes bounds', () => {
    expect(histogramAggregateSpec({ metric: eventCountSpec(range), bins: 10 })).toEqual({
      query_kind: 'histogram_aggregate',
      metric: eventCountSpec(range),
      bins: { n_bins: 10 },
    });
    expect(histogramAggregateSpec({ metric: eventCountSpec(range), bins: [1, 2], range: [0, 5] })).toMatchObject({
      bins: { bin_list: [1, 2] },
      range: { lower_bound: 0, upper_bound: 5 },
    });
  });

  test('an invalid combination is still caught by the server validator (builders do not validate)', () => {
    const spec = joinedSpatialAggregateSpec({ locations: daily, metric: handsetSpec(range), method: 'avg' });
    expect(validateSpec(spec)).toEqual({ ok: false, errors: { method: ['Must be one of: distr.'] } });
  });
});
