import { parseQuerySpec, SpecParseError, SpecValidationError, requiredScopes, TOP_LEVEL_KINDS } from '@flowdeck/queries';

const opts = { redactionThreshold: 15 };

/** api.md §12 step 1. */
const WORKED_BODY = {
  query_kind: 'spatial_aggregate',
  locations: {
    query_kind: 'daily_location',
    date: '2016-01-01',
    aggregation_unit: 'admin3',
    method: 'last',
    event_types: null,
    subscriber_subset: null,
    mapping_table: null,
    geom_table: null,
    geom_table_join_column: null,
    hours: null,
  },
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('parseQuerySpec', () => {
  it('validates the worked example of api.md §12 (unit admin3, its run scopes)', () => {
    const v = parseQuerySpec(WORKED_BODY, opts);
    expect(v.kind).toBe('spatial_aggregate');
    expect(v.params).toBe(WORKED_BODY);
    expect(v.aggregationUnit).toBe('admin3');
    expect(v.queryId).toMatch(/^[0-9a-f]{32}$/);
    // The canonical form writes every optional field, including `sampling` which FlowClient does not send.
    expect(v.canonical).toEqual({ ...WORKED_BODY, locations: { ...WORKED_BODY.locations, sampling: null } });
    expect(new Set(requiredScopes('run', v.canonical))).toEqual(
      new Set([
        'run',
        'admin3:spatial_aggregate:spatial_aggregate',
        'admin3:spatial_aggregate:daily_location',
      ]),
    );
    expect(requiredScopes('run', v.canonical)).toHaveLength(3);
  });

  it.each([
    [null],
    [[]],
    ['text'],
    [42],
    [{}],
    [{ query_kind: 5 }],
    [{ query_kind: null }],
    [[{ query_kind: 'geography' }]],
  ])('refuses %j with SpecParseError', (body) => {
    const err = thrown(() => parseQuerySpec(body, opts));
    expect(err).toBeInstanceOf(SpecParseError);
    expect(err).toMatchObject({
      code: 'SPEC_UNPARSEABLE',
      status: 400,
      expose: true,
      body: { msg: 'Could not parse query spec.' },
    });
  });

  it('throws SpecValidationError with FlowKit body layout', () => {
    const body = { query_kind: 'geography', aggregation_unit: 'lon-lat' };
    const err = thrown(() => parseQuerySpec(body, opts)) as SpecValidationError;
    expect(err).toBeInstanceOf(SpecValidationError);
    expect(err.code).toBe('SPEC_INVALID');
    expect(err.status).toBe(400);
    expect(err.expose).toBe(true);
    const tree = { aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'] };
    expect(err.errors).toEqual(tree);
    expect(err.body).toEqual({
      status: 'Error',
      msg:
        'Parameter validation failed.\n\nThe action parameters were:\n' +
        '   {\n' +
        '     "query_kind": "geography",\n' +
        '     "aggregation_unit": "lon-lat"\n' +
        '   }.\n\n' +
        'Validation error messages:\n' +
        '   {\n' +
        '     "aggregation_unit": [\n' +
        '       "Must be one of: admin0, admin1, admin2, admin3."\n' +
        '     ]\n' +
        '   }.\n\n',
      payload: { params: body, orig_error_msg: tree },
    });
  });

  it('refuses nested kinds at top level with the top-level enum', () => {
    const err = thrown(() => parseQuerySpec(WORKED_BODY.locations, opts)) as SpecValidationError;
    expect(Object.keys(err.errors)).toEqual(['query_kind']);
    expect(err.errors['query_kind']).toEqual([`Must be one of: ${TOP_LEVEL_KINDS.join(', ')}.`]);
    expect(TOP_LEVEL_KINDS.slice(0, 15)).toEqual([
      'spatial_aggregate', 'joined_spatial_aggregate', 'flows', 'inflows', 'outflows', 'unique_subscriber_counts',
      'location_introversion', 'total_network_objects', 'aggregate_network_objects', 'location_event_counts',
      'histogram_aggregate', 'geography', 'trips_od_matrix', 'consecutive_trips_od_matrix', 'unique_visitor_counts',
    ]);
  });
});
