import { locationColumns, suffixedLocationColumns, unsuffixedLocationColumns, aliasedLocationColumns } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import { redactByValue, unredactedNode } from './aggregate-node.js';
import { PlanError, type AggregatePlan, type PlanOptions, type Spec } from './plan-types.js';
import { optStr, sub } from './spec-fields.js';
import { planLocation } from './subscriber-planners.js';

/** join_type → which sides a flows row needs (flows.sql filters a full outer join). */
export const JOIN_SIDES: Record<string, { needFrom: boolean; needTo: boolean }> = {
  inner: { needFrom: true, needTo: true },
  left: { needFrom: true, needTo: false },
  'left outer': { needFrom: true, needTo: false },
  right: { needFrom: false, needTo: true },
  'right outer': { needFrom: false, needTo: true },
  'full outer': { needFrom: false, needTo: false },
};

/** flows: subscriber pairs per (from zone, to zone). */
export function planFlows(spec: Spec, o: PlanOptions): AggregatePlan {
  const from = planLocation(sub(spec, 'from_location'), o);
  const to = planLocation(sub(spec, 'to_location'), o);
  const unit = from.aggregationUnit;
  if (to.aggregationUnit !== unit) throw new PlanError('You cannot compute flows for locations on different spatial units');
  const joinType = optStr(spec, 'join_type', 'inner');
  const sides = JOIN_SIDES[joinType];
  if (sides === undefined) throw new PlanError(`Unsupported join_type ${joinType}.`);
  const fromNames = suffixedLocationColumns(unit, 'from');
  const toNames = suffixedLocationColumns(unit, 'to');
  return {
    nodeType: 'flows_unredacted',
    children: [from, to],
    childFields: ['from_location', 'to_location'],
    select: new SqlFragment('flows', {
      from: o.tableOf(from.id),
      to: o.tableOf(to.id),
      fromSel: aliasedLocationColumns(unit, 'from', 'f'),
      toSel: aliasedLocationColumns(unit, 'to', 't'),
      fromNames,
      toNames,
      ...sides,
    }),
    unit,
    expose: redactByValue([...fromNames, ...toNames]),
  };
}

/** inflows/outflows: sums of the (shared) unredacted flows node of the same spec, redacted on the sums. */
function planFlowSum(side: 'from' | 'to', nodeType: string) {
  return (spec: Spec, o: PlanOptions): AggregatePlan => {
    const flowsSpec = { ...spec, query_kind: 'flows' };
    const flowsNode = unredactedNode(flowsSpec, planFlows(flowsSpec, o));
    const unit = flowsNode.aggregationUnit;
    return {
      nodeType,
      children: [flowsNode],
      childFields: ['from_location', 'to_location'],
      select: new SqlFragment('flows-sum', {
        source: o.tableOf(flowsNode.id),
        sel: unsuffixedLocationColumns(unit, side),
        loc: locationColumns(unit),
      }),
      unit,
      expose: redactByValue(locationColumns(unit)),
    };
  };
}

export const planInflows = planFlowSum('to', 'inflows_unredacted');
export const planOutflows = planFlowSum('from', 'outflows_unredacted');
