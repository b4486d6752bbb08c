import { createHash } from 'node:crypto';
import { nodeId, parseQuerySpec, queryId, specNodeId, validateSpec } from '@flowdeck/queries';
import * as s from '../support/specs.js';

const idOf = (spec: unknown, redactionThreshold = 15): string =>
  parseQuerySpec(spec, { redactionThreshold }).queryId;

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe('query ids', () => {
  it('follows query-kinds.md §4: sha256("flowdeck-query-v1\\n" + JCS), first 16 bytes hex', () => {
    const canonical = { query_kind: 'geography', aggregation_unit: 'admin1' };
    const text = '{"redaction_threshold":15,"spec":{"aggregation_unit":"admin1","query_kind":"geography"}}';
    const expected = createHash('sha256').update(`flowdeck-query-v1\n${text}`).digest('hex').slice(0, 32);
    expect(queryId(canonical, 15)).toBe(expected);
    expect(idOf(canonical)).toBe(expected);
  });

  it('ignores key order', () => {
    for (const spec of s.validTopLevelSpecs()) expect(idOf(reversedKeys(spec))).toBe(idOf(spec));
  });

  it('depends on the redaction threshold', () => {
    expect(idOf(s.geography(), 15)).not.toBe(idOf(s.geography(), 16));
  });

  it('treats null and absent optional fields alike, and defaults as explicit values', () => {
    const explicit = s.uniqueSubscriberCounts();
    const minimal = {
      query_kind: 'unique_subscriber_counts',
      start_date: '2016-01-01',
      end_date: '2016-01-03',
      aggregation_unit: 'admin3',
    };
    expect(idOf(minimal)).toBe(idOf(explicit));
    expect(idOf(s.locationIntroversion({ direction: null }))).toBe(
      idOf(s.locationIntroversion({ direction: 'both' })),
    );
    expect(idOf(s.locationIntroversion({ direction: 'in' }))).not.toBe(idOf(s.locationIntroversion()));
  });

  it('normalises dates and event_types', () => {
    expect(idOf(s.tripsOdMatrix({ start_date: '2016-01-01T00:00:00' }))).toBe(
      idOf(s.tripsOdMatrix({ start_date: '2016-01-01' })),
    );
    expect(idOf(s.tripsOdMatrix({ start_date: '2016-01-01T01:00:00+01:00' }))).toBe(idOf(s.tripsOdMatrix()));
    expect(idOf(s.tripsOdMatrix({ event_types: ['sms', 'calls'] }))).toBe(
      idOf(s.tripsOdMatrix({ event_types: ['calls', 'sms', 'calls'] })),
    );
    expect(idOf(s.tripsOdMatrix({ event_types: ['sms'] }))).not.toBe(idOf(s.tripsOdMatrix()));
  });

  it('sorts modal_location.locations by node id but keeps duplicates and bin_list order', () => {
    const a = s.dailyLocation({ date: '2016-01-01' });
    const b = s.dailyLocation({ date: '2016-01-02' });
    const modal = (locations: unknown[]) =>
      s.spatialAggregate({ locations: { query_kind: 'modal_location', locations } });
    expect(idOf(modal([a, b]))).toBe(idOf(modal([b, a])));
    expect(idOf(modal([a, b, a]))).toBe(idOf(modal([a, a, b])));
    expect(idOf(modal([a, b, a]))).not.toBe(idOf(modal([a, b])));
    const hist = (bin_list: number[]) => s.histogramAggregate({ bins: { bin_list } });
    expect(idOf(hist([0, 2, 1]))).not.toBe(idOf(hist([0, 1, 2])));
  });

  it('gives distinct ids to distinct specs', () => {
    const ids = s.validTopLevelSpecs().map((spec) => idOf(spec));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('node ids', () => {
  it('uses the node prefix over {node, params, children}', () => {
    const text = '{"children":["abc"],"node":"spatial_aggregate","params":{"x":1}}';
    const expected = createHash('sha256').update(`flowdeck-node-v1\n${text}`).digest('hex').slice(0, 32);
    expect(nodeId('spatial_aggregate', { x: 1 }, ['abc'])).toBe(expected);
  });

  it('gives an identical sub-spec the same node id wherever it is nested', () => {
    const loc = s.dailyLocation({ aggregation_unit: 'admin2' });
    const sa = validateSpec(s.spatialAggregate({ locations: loc }));
    const jsa = validateSpec(s.joinedSpatialAggregate({ locations: loc }));
    if (!sa.ok || !jsa.ok) throw new Error('invalid');
    const locSa = specNodeId(sa.canonical['locations'] as Record<string, unknown>);
    expect(specNodeId(jsa.canonical['locations'] as Record<string, unknown>)).toBe(locSa);
    expect(locSa).not.toBe(specNodeId(sa.canonical));
  });
});
