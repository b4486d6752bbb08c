import { findGrantingRole, findGrantingRoles, isValidScope } from '../../src/index.js';

describe('isValidScope (tokens.md §4.1)', () => {
  test.each([
    'run',
    'get_result',
    'get_available_dates',
    'get_qa_checks',
    'admin3:spatial_aggregate:daily_location',
    'lon-lat:flows:modal_location',
    'nonspatial:total_network_objects:total_network_objects',
    'dummy_agg_unit:dummy_query:dummy_query',
  ])('valid: %s', (scope) => expect(isValidScope(scope)).toBe(true));

  test.each([
    '',
    'Run',
    'delete',
    'admin3:spatial_aggregate',
    'admin3:a:b:c',
    'admin3::b',
    'Admin3:a:b',
    'admin3:*:*',
    'run&daily_location.aggregation_unit.admin3',
    'get_result&available_dates',
    ' run',
  ])('invalid: %j', (scope) => expect(isValidScope(scope)).toBe(false));
});

describe('single-role rule (tokens.md §5)', () => {
  const roles = {
    viewer: ['get_result', 'admin3:spatial_aggregate:daily_location', 'admin3:spatial_aggregate:spatial_aggregate'],
    runner: ['run'],
    all: ['run', 'get_result', 'admin3:spatial_aggregate:daily_location', 'admin3:spatial_aggregate:spatial_aggregate'],
  };
  const run = ['run', 'admin3:spatial_aggregate:daily_location', 'admin3:spatial_aggregate:spatial_aggregate'];

  test('scopes are never combined across roles', () => {
    const { all: _all, ...split } = roles;
    expect(findGrantingRole(split, run)).toBeUndefined();
    expect(findGrantingRole(split, run.slice(1))).toBe('viewer');
  });

  test('every granting role, sorted; the first is returned', () => {
    expect(findGrantingRoles(roles, ['get_result'])).toEqual(['all', 'viewer']);
    expect(findGrantingRole(roles, run)).toBe('all');
  });

  test('exact matching: no wildcards, case matters', () => {
    expect(findGrantingRole({ r: ['*', 'admin3:*:*', 'RUN'] }, ['run'])).toBeUndefined();
    expect(findGrantingRole({ r: ['admin3:*:*'] }, ['admin3:spatial_aggregate:daily_location'])).toBeUndefined();
  });

  test('no roles grant nothing', () => {
    expect(findGrantingRole({}, ['get_available_dates'])).toBeUndefined();
  });
});
