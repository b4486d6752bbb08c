import { parseQuerySpec, validateSpec } from '@flowdeck/queries';
import {
  activeAtReferenceLocationCountsSpec,
  dfsMetricTotalAmountSpec,
  dummyQuerySpec,
  histogramAggregateSpec,
  joinedSpatialAggregateSpec,
  mostFrequentLocationSpec,
  totalActivePeriodsSpec,
  uniqueLocationCountsSpec,
  uniqueLocationsSpec,
  uniqueSubscriberCountsSpec,
  uniqueVisitorCountsSpec,
  unmovingAtReferenceLocationCountsSpec,
  unmovingCountsSpec,
  type QuerySpec,
} from '../src/index.js';

// Builders of the "counts" family emit specs the server accepts (Jest sets NODE_ENV=test, so dummy_query exists).

const range = { startDate: '2016-01-01', endDate: '2016-01-04' };
const unique = uniqueLocationsSpec({ ...range, aggregationUnit: 'admin3' });
const reference = mostFrequentLocationSpec({ ...range, aggregationUnit: 'admin3', hours: [8, 20] });
const active = activeAtReferenceLocationCountsSpec({
  uniqueLocations: unique,
  referenceLocations: reference,
});

const TOP_LEVEL: [string, QuerySpec][] = [
  ['active_at_reference_location_counts', active],
  [
    'unique_visitor_counts',
    uniqueVisitorCountsSpec({
      activeAtReferenceLocationCounts: active,
      uniqueSubscriberCounts: uniqueSubscriberCountsSpec({ ...range, aggregationUnit: 'admin3' }),
    }),
  ],
  [
    'unmoving_at_reference_location_counts',
    unmovingAtReferenceLocationCountsSpec({ locations: unique, referenceLocations: reference }),
  ],
  ['unmoving_counts', unmovingCountsSpec({ locations: unique })],
  [
    'dfs_metric_total_amount',
    dfsMetricTotalAmountSpec({ ...range, metric: 'fee', aggregationUnit: 'lon-lat' }),
  ],
  ['dummy_query', dummyQuerySpec({ aggregationUnit: 'admin1', dummyParam: 'x', dummyDelay: 1 })],
  [
    'joined_spatial_aggregate(unique_location_counts)',
    joinedSpatialAggregateSpec({
      locations: reference,
      metric: uniqueLocationCountsSpec({ ...range, aggregationUnit: 'admin2', eventTypes: ['sms'] }),
      method: 'median',
    }),
  ],
  [
    'histogram_aggregate(total_active_periods)',
    histogramAggregateSpec({
      metric: totalActivePeriodsSpec({
        startDate: '2016-01-01',
        totalPeriods: 6,
        periodLength: 4,
        periodUnit: 'hours',
        hours: [6, 22],
      }),
      bins: 3,
    }),
  ],
];

describe('counts-family spec builders', () => {
  test.each(TOP_LEVEL)('%s validates', (_name, spec) => {
    expect(validateSpec(spec)).toEqual(expect.objectContaining({ ok: true }));
  });

  test('total_active_periods sends the server defaults, so a bare spec has the same id', () => {
    const built = histogramAggregateSpec({
      metric: totalActivePeriodsSpec({ startDate: '2016-01-01', totalPeriods: 3 }),
      bins: 2,
    });
    const bare = histogramAggregateSpec({
      metric: { query_kind: 'total_active_periods', start_date: '2016-01-01', total_periods: 3 },
      bins: 2,
    });
    const opts = { redactionThreshold: 15 };
    expect(parseQuerySpec(built, opts).queryId).toBe(parseQuerySpec(bare, opts).queryId);
    expect(built['metric']).toEqual(
      expect.objectContaining({ period_length: 1, period_unit: 'days', event_types: null, hours: null }),
    );
  });
});
