import {
  aliasedLocationColumns,
  locationColumns,
  qualifiedLocationColumns,
  suffixedLocationColumns,
} from '../names.js';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import { redactByCount } from './aggregate-node.js';
import { JOIN_SIDES } from './flows.js';
import {
  PlanError,
  type AggregatePlan,
  type AggregatePlanner,
  type PlanOptions,
  type Spec,
  type SubscriberPlanner,
} from './plan-types.js';
import { num, optStr, str, sub, subList } from './spec-fields.js';
import { subscriberNode } from './subscriber-node.js';
import { planLocation, subscriberPlanner } from './subscriber-planners.js';

/**
 * Tier 2 visit-based kinds (query-kinds.md §6.1, §6.2; FlowKit's location_visits, majority_location,
 * coalesced_location, mobility_classification, labelled_spatial_aggregate, labelled_flows). Location kinds give
 * per-subscriber tables `subscriber, <loc>` (majority/coalesced may hold a NULL location: active but unlocatable);
 * location_visits adds the visit count `value`; mobility_classification gives `subscriber, value` (the label).
 */

/** One unit for every node, else a PlanError (the catalogue validated the spec). */
function commonUnit(nodes: PlanNode[]): string {
  const unit = nodes[0]!.aggregationUnit;
  if (nodes.some((n) => n.aggregationUnit !== unit))
    throw new PlanError('All locations must have the same aggregation_unit.');
  return unit;
}

/** UNION ALL of fragments with the same columns. */
function unionAll(parts: SqlFragment[]): SqlFragment {
  return parts
    .slice(1)
    .reduce((acc, next) => new SqlFragment('union-all', { first: acc, second: next }), parts[0]!);
}

/** Plans a nested spec that must be of `kind` (slots of query-kinds.md §5 that hold a single kind). */
function planKind(spec: Spec, kind: string, o: PlanOptions): PlanNode {
  if (spec['query_kind'] !== kind) throw new PlanError(`Expected a ${kind} sub-query.`);
  return planLocation(spec, o);
}

export function planLocationVisits(spec: Spec, o: PlanOptions): PlanNode {
  const locations = subList(spec, 'locations').map((s) => planLocation(s, o));
  const unit = commonUnit(locations);
  const loc = locationColumns(unit);
  const visits = unionAll(
    locations.map((l) => new SqlFragment('location-visits-input', { source: o.tableOf(l.id), loc })),
  );
  return subscriberNode(spec, unit, new SqlFragment('location-visits', { visits, loc }), locations);
}

export function planMajorityLocation(spec: Spec, o: PlanOptions): PlanNode {
  const weights = planKind(sub(spec, 'subscriber_location_weights'), 'location_visits', o);
  const unit = weights.aggregationUnit;
  return subscriberNode(
    spec,
    unit,
    new SqlFragment('majority-location', {
      weights: o.tableOf(weights.id),
      wLoc: qualifiedLocationColumns(unit, 'w'),
      mLoc: qualifiedLocationColumns(unit, 'm'),
      includeUnlocatable: spec['include_unlocatable'] === true,
    }),
    [weights],
  );
}

export function planCoalescedLocation(spec: Spec, o: PlanOptions): PlanNode {
  const preferred = planKind(sub(spec, 'preferred_location'), 'majority_location', o);
  const fallback = planKind(sub(spec, 'fallback_location'), 'majority_location', o);
  const weights = planKind(sub(spec, 'subscriber_location_weights'), 'location_visits', o);
  const unit = commonUnit([preferred, fallback, weights]);
  const loc = locationColumns(unit);
  return subscriberNode(
    spec,
    unit,
    new SqlFragment('coalesced-location', {
      preferred: o.tableOf(preferred.id),
      fallback: o.tableOf(fallback.id),
      weights: o.tableOf(weights.id),
      threshold: num(spec, 'weight_threshold'),
      loc,
      firstLoc: loc[0]!,
    }),
    [preferred, fallback, weights],
  );
}

export function planMobilityClassification(spec: Spec, o: PlanOptions): PlanNode {
  const periods = subList(spec, 'locations').map((s) => planKind(s, 'coalesced_location', o));
  const unit = commonUnit(periods);
  const loc = locationColumns(unit);
  const inputs = periods.map(
    (p, ordinal) =>
      new SqlFragment('mobility-classification-input', { source: o.tableOf(p.id), loc, ordinal }),
  );
  return subscriberNode(
    spec,
    unit,
    new SqlFragment('mobility-classification', {
      periods: unionAll(inputs),
      loc,
      firstLoc: loc[0]!,
      latestLoc: `latest.${loc[0]!}`,
      count: periods.length,
      last: periods.length - 1,
      threshold: num(spec, 'stay_length_threshold'),
    }),
    periods,
  );
}

/** The labels node (a mobility_classification). */
function planLabels(spec: Spec, o: PlanOptions): PlanNode {
  const labels = sub(spec, 'labels');
  const planner = subscriberPlanner(str(labels, 'query_kind'));
  if (labels['query_kind'] !== 'mobility_classification' || planner === undefined)
    throw new PlanError('Expected a mobility_classification sub-query.');
  return planner(labels, o);
}

/** labelled_spatial_aggregate: subscribers per zone and label; whole zones with a label count ≤ T are dropped. */
export function planLabelledSpatialAggregate(spec: Spec, o: PlanOptions): AggregatePlan {
  const locations = planLocation(sub(spec, 'locations'), o);
  const labels = planLabels(spec, o);
  const unit = locations.aggregationUnit;
  const loc = locationColumns(unit);
  return {
    nodeType: 'labelled_spatial_aggregate_unredacted',
    children: [locations, labels],
    childFields: ['locations', 'labels'],
    select: new SqlFragment('labelled-spatial-aggregate', {
      locations: o.tableOf(locations.id),
      labels: o.tableOf(labels.id),
      lLoc: qualifiedLocationColumns(unit, 'l'),
      loc,
    }),
    unit,
    expose: redactByCount([...loc, 'label', 'value'], [...loc, 'label']),
  };
}

/** labelled_flows: subscribers per (from, to) pair and label; whole pairs with a label count ≤ T are dropped. */
export function planLabelledFlows(spec: Spec, o: PlanOptions): AggregatePlan {
  const from = planLocation(sub(spec, 'from_location'), o);
  const to = planLocation(sub(spec, 'to_location'), o);
  const labels = planLabels(spec, o);
  const unit = from.aggregationUnit;
  if (to.aggregationUnit !== unit)
    throw new PlanError('You cannot compute flows for locations on different spatial units');
  const joinType = optStr(spec, 'join_type', 'inner');
  const sides = JOIN_SIDES[joinType];
  if (sides === undefined) throw new PlanError(`Unsupported join_type ${joinType}.`);
  const fromNames = suffixedLocationColumns(unit, 'from');
  const toNames = suffixedLocationColumns(unit, 'to');
  return {
    nodeType: 'labelled_flows_unredacted',
    children: [from, to, labels],
    childFields: ['from_location', 'to_location', 'labels'],
    select: new SqlFragment('labelled-flows', {
      from: o.tableOf(from.id),
      to: o.tableOf(to.id),
      labels: o.tableOf(labels.id),
      fromSel: aliasedLocationColumns(unit, 'from', 'f'),
      toSel: aliasedLocationColumns(unit, 'to', 't'),
      fromNames,
      toNames,
      ...sides,
    }),
    unit,
    expose: redactByCount([...fromNames, ...toNames, 'label', 'value'], [...fromNames, ...toNames, 'label']),
  };
}

export const VISIT_AGGREGATE_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {
  labelled_spatial_aggregate: planLabelledSpatialAggregate,
  labelled_flows: planLabelledFlows,
};

export const VISIT_LOCATION_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = {
  location_visits: planLocationVisits,
  majority_location: planMajorityLocation,
  coalesced_location: planCoalescedLocation,
  mobility_classification: planMobilityClassification,
};
