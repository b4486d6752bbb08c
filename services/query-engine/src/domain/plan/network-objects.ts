import { AGGREGATE_BY, NETWORK_OBJECT_STATISTICS, TOTAL_BY } from '@flowdeck/queries';
import { rangeWindow } from '../compile/event-window.js';
import { locatedDetail } from '../compile/event-detail.js';
import { locationColumns, qualifiedLocationColumns } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import { exposeColumns, unredactedNode } from './aggregate-node.js';
import type { AggregatePlan, PlanOptions, Spec } from './plan-types.js';
import { oneOf, optStr, str, sub } from './spec-fields.js';

/** total_network_objects: distinct active cells per zone and period; counts cells, not people: no redaction. */
export function planTotalNetworkObjects(spec: Spec): AggregatePlan {
  const unit = str(spec, 'aggregation_unit');
  const loc = locationColumns(unit);
  const totalBy = oneOf(optStr(spec, 'total_by', 'day'), TOTAL_BY, 'total_by');
  return {
    nodeType: 'total_network_objects_unredacted',
    children: [],
    childFields: [],
    select: new SqlFragment('total-network-objects', {
      located: locatedDetail(rangeWindow(spec), unit),
      locSel: qualifiedLocationColumns(unit, 'located'),
      loc,
      totalBy,
    }),
    unit,
    expose: exposeColumns([...loc, 'value', 'datetime'], [...loc, 'datetime']),
  };
}

/** aggregate_network_objects: a statistic of the (shared) total_network_objects counts per longer period. */
export function planAggregateNetworkObjects(spec: Spec, o: PlanOptions): AggregatePlan {
  const tnoSpec = sub(spec, 'total_network_objects');
  const tno = unredactedNode(tnoSpec, planTotalNetworkObjects(tnoSpec));
  const unit = tno.aggregationUnit;
  const loc = locationColumns(unit);
  const aggregateBy = oneOf(optStr(spec, 'aggregate_by', 'month'), AGGREGATE_BY, 'aggregate_by');
  const periods = new SqlFragment('network-objects-periods', { source: o.tableOf(tno.id), loc, aggregateBy });
  return {
    nodeType: 'aggregate_network_objects_unredacted',
    children: [tno],
    childFields: ['total_network_objects'],
    select: new SqlFragment('statistic-by-group', {
      source: periods,
      groupCols: [...loc, 'datetime'],
      statistic: oneOf(str(spec, 'statistic'), NETWORK_OBJECT_STATISTICS, 'statistic'),
    }),
    unit,
    expose: exposeColumns([...loc, 'value', 'datetime'], [...loc, 'datetime']),
  };
}
