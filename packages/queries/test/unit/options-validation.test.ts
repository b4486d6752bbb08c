import { validateSpec } from '../../src/validate-spec.js';
import { specNodeId } from '../../src/spec-node-id.js';

// Tier 2 spec options (query-kinds.md §1): formats, cross-field rules, sampling schema (FlowKit's RandomSampleSchema),
// and which kinds take `sampling` (FlowKit's BaseQueryWithSamplingSchema).

type Spec = Record<string, unknown>;
const usc = (extra: Spec = {}): Spec => ({
  query_kind: 'unique_subscriber_counts',
  aggregation_unit: 'admin3',
  start_date: '2016-01-01',
  end_date: '2016-01-02',
  ...extra,
});
const daily = (extra: Spec = {}): Spec => ({
  query_kind: 'daily_location',
  date: '2016-01-01',
  aggregation_unit: 'admin3',
  method: 'last',
  ...extra,
});
const errorsOf = (spec: Spec, kinds?: string[]): unknown => {
  const v = validateSpec(spec, kinds);
  return v.ok ? undefined : v.errors;
};
const canonicalOf = (spec: Spec, kinds?: string[]): Spec => {
  const v = validateSpec(spec, kinds);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.canonical;
};
const ID = '0123456789abcdef0123456789abcdef';

describe('subscriber_subset', () => {
  it('accepts a query id and keeps it in the canonical form', () => {
    expect(canonicalOf(usc({ subscriber_subset: ID }))['subscriber_subset']).toBe(ID);
  });
  it.each(['abc', ID.toUpperCase(), `${ID}0`, 42])('rejects %p with FlowKit’s message', (v) => {
    expect(errorsOf(usc({ subscriber_subset: v }))).toEqual({
      subscriber_subset: [
        expect.stringMatching(/^(Must be None or a valid query id\.|Not a valid string\.)$/),
      ],
    });
  });
});

describe('mapping_table, geom_table, geom_table_join_column', () => {
  it('admin units take a geography mapping table', () => {
    expect(canonicalOf(usc({ mapping_table: 'geography.cell_zones' }))['mapping_table']).toBe(
      'geography.cell_zones',
    );
  });
  it.each(['public.t', 'geography.T', 'geography.a;drop', 'cell_zones', 'geography."x"'])(
    'rejects table %p',
    (t) => {
      expect(errorsOf(usc({ mapping_table: t }))).toEqual({
        mapping_table: [
          'Must be a table of schema geography: geography.<name> (lowercase letters, digits and _).',
        ],
      });
    },
  );
  it('admin units refuse geometry options', () => {
    expect(errorsOf(usc({ geom_table: 'geography.sites', geom_table_join_column: 'site' }))).toEqual({
      geom_table: ['Only allowed with aggregation_unit lon-lat.'],
      geom_table_join_column: ['Only allowed with aggregation_unit lon-lat.'],
    });
  });
  it('lon-lat needs mapping table, geometry table and join column together', () => {
    const ll = (extra: Spec): unknown => errorsOf(usc({ aggregation_unit: 'lon-lat', ...extra }));
    expect(
      ll({ mapping_table: 'geography.m', geom_table: 'geography.g', geom_table_join_column: 'site' }),
    ).toBeUndefined();
    expect(ll({ mapping_table: 'geography.m' })).toEqual({
      geom_table: ['Required when mapping_table is given.'],
    });
    expect(ll({ geom_table: 'geography.g', geom_table_join_column: 'site' })).toEqual({
      mapping_table: ['Required when geom_table is given.'],
    });
    expect(ll({ mapping_table: 'geography.m', geom_table: 'geography.g' })).toEqual({
      geom_table_join_column: ['Required when geom_table is given.'],
    });
    expect(
      ll({ mapping_table: 'geography.m', geom_table: 'geography.g', geom_table_join_column: 'Site' }),
    ).toEqual({
      geom_table_join_column: [
        'Must be a column name (lowercase letters, digits and _, not starting with a digit).',
      ],
    });
  });
});

describe('sampling', () => {
  const sampled = (sampling: unknown): Spec => daily({ sampling });
  it('canonicalises with estimate_count true by default and changes the node id', () => {
    const c = canonicalOf(sampled({ sampling_method: 'bernoulli', seed: 0.5, fraction: 0.1 }), [
      'daily_location',
    ]);
    expect(c['sampling']).toEqual({
      sampling_method: 'bernoulli',
      seed: 0.5,
      fraction: 0.1,
      size: null,
      estimate_count: true,
    });
    expect(specNodeId(c)).not.toBe(specNodeId(canonicalOf(daily(), ['daily_location'])));
  });
  it.each([
    [
      { sampling_method: 'system', seed: 1, size: 3, fraction: 0.5 },
      { _schema: ["Must provide exactly one of 'size' or 'fraction' for a random sample."] },
    ],
    [
      { sampling_method: 'system', seed: 1 },
      { _schema: ["Must provide exactly one of 'size' or 'fraction' for a random sample."] },
    ],
    [{ sampling_method: 'bernoulli', size: 3 }, { seed: ['Missing data for required field.'] }],
    [{ seed: 1, size: 3 }, { sampling_method: ['Missing data for required field.'] }],
    [
      { sampling_method: 'system_rows', seed: 1, size: 3 },
      { sampling_method: ['Must be one of: system, bernoulli, random_ids.'] },
    ],
    [
      { sampling_method: 'random_ids', seed: 1.5, size: 3 },
      { seed: ['Must be greater than or equal to -1 and less than or equal to 1.'] },
    ],
    [
      { sampling_method: 'bernoulli', seed: 1, fraction: 1 },
      { fraction: ['Must be greater than 0 and less than 1.'] },
    ],
    [{ sampling_method: 'bernoulli', seed: 1, size: 0 }, { size: ['Must be greater than or equal to 1.'] }],
  ])('rejects %j', (sampling, errors) => {
    expect(errorsOf(sampled(sampling), ['daily_location'])).toEqual({ sampling: errors });
  });
  it('is a field of the kinds FlowKit samples, not of unique_locations or top-level kinds', () => {
    const s = { sampling_method: 'random_ids', seed: 0, size: 10 };
    const range = { start_date: '2016-01-01', end_date: '2016-01-02' };
    for (const kind of ['most_frequent_location', 'visited_most_days']) {
      expect(
        errorsOf({ query_kind: kind, aggregation_unit: 'admin3', ...range, sampling: s }, [kind]),
      ).toBeUndefined();
    }
    expect(errorsOf({ query_kind: 'event_count', ...range, sampling: s }, ['event_count'])).toBeUndefined();
    expect(
      errorsOf({ query_kind: 'unique_locations', aggregation_unit: 'admin3', ...range, sampling: s }, [
        'unique_locations',
      ]),
    ).toEqual({ sampling: ['Unknown field.'] });
    expect(errorsOf(usc({ sampling: s }))).toEqual({ sampling: ['Unknown field.'] });
  });
});
