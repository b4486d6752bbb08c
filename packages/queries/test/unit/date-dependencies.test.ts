import {
  dateDependencies,
  validateSpec,
  walkSubqueries,
  QUERY_STATE_DESCRIPTION,
  QueryState,
  QUERY_QUEUE_NAME,
} from '@flowdeck/queries';
import * as s from '../support/specs.js';

function canonical(spec: unknown): Record<string, unknown> {
  const result = validateSpec(spec);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.canonical;
}

describe('dateDependencies', () => {
  it('crosses event types with each day of [start_date, end_date)', () => {
    expect(dateDependencies(canonical(s.uniqueSubscriberCounts({ event_types: ['sms', 'calls'] })))).toEqual([
      { cdrType: 'calls', date: '2016-01-01' },
      { cdrType: 'calls', date: '2016-01-02' },
      { cdrType: 'sms', date: '2016-01-01' },
      { cdrType: 'sms', date: '2016-01-02' },
    ]);
  });

  it('reads all four types when event_types is null, topups only for topup metrics, the date of daily locations', () => {
    const deps = dateDependencies(
      canonical(
        s.joinedSpatialAggregate({
          locations: s.dailyLocation({ date: '2016-01-05', event_types: null }),
          metric: s.topupAmount(),
        }),
      ),
    );
    expect(deps).toEqual([
      { cdrType: 'calls', date: '2016-01-05' },
      { cdrType: 'mds', date: '2016-01-05' },
      { cdrType: 'sms', date: '2016-01-05' },
      { cdrType: 'topups', date: '2016-01-01' },
      { cdrType: 'topups', date: '2016-01-02' },
      { cdrType: 'topups', date: '2016-01-05' },
    ]);
  });

  it('counts a partial day and geography reads nothing', () => {
    const deps = dateDependencies(
      canonical(
        s.tripsOdMatrix({
          event_types: ['calls'],
          start_date: '2016-01-01T12:00:00',
          end_date: '2016-01-02T01:00:00',
        }),
      ),
    );
    expect(deps).toEqual([
      { cdrType: 'calls', date: '2016-01-01' },
      { cdrType: 'calls', date: '2016-01-02' },
    ]);
    expect(dateDependencies(canonical(s.geography()))).toEqual([]);
  });
});

describe('walkSubqueries', () => {
  it('visits every nested spec pre-order with its path', () => {
    const seen: string[] = [];
    walkSubqueries(
      canonical(
        s.joinedSpatialAggregate({
          metric: s.displacement({ reference_location: s.modalLocation('lon-lat') }),
        }),
      ),
      ({ spec, path }) => {
        seen.push(`${path.join('.')}=${String(spec['query_kind'])}`);
      },
    );
    expect(seen).toEqual([
      '=joined_spatial_aggregate',
      'locations=daily_location',
      'metric=displacement',
      'metric.reference_location=modal_location',
      'metric.reference_location.locations.0=daily_location',
      'metric.reference_location.locations.1=daily_location',
    ]);
  });
});

describe('query states', () => {
  it('describes every state (query-kinds.md §8)', () => {
    expect(Object.values(QueryState)).toEqual([
      'known',
      'queued',
      'executing',
      'completed',
      'errored',
      'cancelled',
      'resetting',
    ]);
    expect(QUERY_STATE_DESCRIPTION[QueryState.known]).toBe('is known, but has not yet been run');
    expect(QUERY_STATE_DESCRIPTION.completed).toBe('is ready');
    expect(QUERY_QUEUE_NAME).toBe('flowdeck-queries');
  });
});
