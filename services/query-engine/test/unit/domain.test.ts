import { parseQuerySpec } from '@flowdeck/queries';
import { failureMessage, maxRunDurationMessage } from '../../src/domain/failure-message.js';
import { cacheTable, locationColumns, nodeApplicationName, tempTable } from '../../src/domain/names.js';
import { postOrder } from '../../src/domain/plan-node.js';
import { PlanError, planInternalNode, planQuery } from '../../src/domain/plan-query.js';
import { runProgress } from '../../src/domain/progress.js';
import { spatialAggregateSpec } from '../support/engine.js';

const ID = '0123456789abcdef0123456789abcdef';

describe('names', () => {
  it('builds cache and temp table names only from query ids', () => {
    expect(cacheTable(ID)).toBe(`cache.x${ID}`);
    expect(tempTable(ID)).toBe(`pg_temp.x${ID}`);
    expect(() => cacheTable('x; DROP TABLE y')).toThrow(TypeError);
    expect(nodeApplicationName(ID).length).toBeLessThanOrEqual(63);
  });
  it('names the location columns of each unit', () => {
    expect(locationColumns('admin2')).toEqual(['pcod']);
    expect(locationColumns('lon-lat')).toEqual(['lon', 'lat']);
  });
});

describe('planQuery', () => {
  const v = parseQuerySpec(spatialAggregateSpec('last'), { redactionThreshold: 15 });
  const root = planQuery(v.queryId, v.canonical, { redactionThreshold: 15, tableOf: cacheTable });

  it('expands spatial_aggregate into daily_location → unredacted aggregate → redacted result', () => {
    expect(postOrder(root).map((n) => n.nodeType)).toEqual(['daily_location', 'spatial_aggregate_unredacted', 'redacted_spatial_aggregate']);
    expect(root.id).toBe(v.queryId);
    expect(root.topLevel).toBe(true);
    expect(postOrder(root).filter((n) => n.topLevel)).toHaveLength(1);
    expect(root.dateDependencies).toEqual([
      { cdrType: 'calls', date: '2016-01-01' },
      { cdrType: 'mds', date: '2016-01-01' },
      { cdrType: 'sms', date: '2016-01-01' },
      { cdrType: 'topups', date: '2016-01-01' },
    ]);
  });

  it('gives the same internal ids when an internal node is planned again from its row', () => {
    const unredacted = root.children[0]!;
    const again = planInternalNode(unredacted.queryKind, unredacted.spec, { redactionThreshold: 15, tableOf: cacheTable });
    expect(again.id).toBe(unredacted.id);
    const location = unredacted.children[0]!;
    expect(planInternalNode(location.queryKind, location.spec, { redactionThreshold: 15, tableOf: cacheTable }).id).toBe(location.id);
  });

  it('refuses kinds it does not implement with PlanError', () => {
    expect(() => planQuery(ID, { query_kind: 'labelled_flows', aggregation_unit: 'admin3' }, { redactionThreshold: 15, tableOf: cacheTable })).toThrow(PlanError);
  });
});

describe('failure messages', () => {
  it('never carries driver text', () => {
    const err = Object.assign(new Error('permission denied for table cells: SELECT ...'), { code: '42501' });
    expect(failureMessage(err, { maxRunSeconds: 60 })).toBe('Query failed: the database schema does not match what the engine expects.');
    expect(failureMessage(Object.assign(new Error('x'), { code: '57014' }), { maxRunSeconds: 60 })).toBe(maxRunDurationMessage(60));
    expect(failureMessage(new Error('boom at line 3'), { maxRunSeconds: 60 })).toBe('Query failed: an internal error occurred in the query engine.');
    // FlowDB's own functions raise class FD with a message written for analysts; it is passed on as is.
    expect(failureMessage(Object.assign(new Error('Subscriber subset 0123 is not a completed query.'), { code: 'FD001' }), { maxRunSeconds: 60 })).toBe(
      'Subscriber subset 0123 is not a completed query.',
    );
  });
});

describe('runProgress', () => {
  it('counts not-completed nodes, one running', () => {
    const states = new Map([
      ['a', 'completed'],
      ['b', 'known'],
      ['c', 'executing'],
    ]);
    expect(runProgress(states, ['a', 'b', 'c'])).toEqual({ eligible: 2, queued: 1, running: 1 });
    expect(runProgress(new Map([['a', 'completed']]), ['a'])).toEqual({ eligible: 0, queued: 0, running: 0 });
  });
});
