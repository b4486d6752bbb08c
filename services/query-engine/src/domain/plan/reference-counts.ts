import { kindDecl } from '@flowdeck/queries';
import { cellAdminPcodColumn, isAdminUnit, locationColumns } from '../names.js';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import { toUtcInstant } from '../compile/event-window.js';
import { exposeColumns, redactByValue, unredactedNode } from './aggregate-node.js';
import { planUniqueSubscriberCounts } from './event-aggregates.js';
import { PlanError, type AggregatePlan, type AggregatePlanner, type PlanOptions, type Spec } from './plan-types.js';
import { num, oneOf, str, sub } from './spec-fields.js';
import { planLocation } from './subscriber-planners.js';

export { TIER2_METRIC_PLANNERS } from './tier2-metrics.js';

/** Tier 2 counts against reference locations, dfs_metric_total_amount and dummy_query (query-kinds.md §6.1). */

/** The unit shared by the location nodes (the catalogue checked it; a mismatch here is a bug or a stale spec). */
function commonUnit(nodes: readonly PlanNode[]): string {
  const unit = nodes[0]!.aggregationUnit;
  if (nodes.some((n) => n.aggregationUnit !== unit)) throw new PlanError('Spatial unit mismatch.');
  return unit;
}

function countPlan(kind: string, children: PlanNode[], childFields: string[], unit: string, template: string, tables: Record<string, string>): AggregatePlan {
  const loc = locationColumns(unit);
  return {
    nodeType: `${kind}_unredacted`,
    children,
    childFields,
    select: new SqlFragment(template, { ...tables, loc }),
    unit,
    expose: redactByValue(loc),
  };
}

export function planActiveAtReferenceLocationCounts(spec: Spec, o: PlanOptions): AggregatePlan {
  const reference = planLocation(sub(spec, 'reference_locations'), o);
  const locations = planLocation(sub(spec, 'unique_locations'), o);
  const unit = commonUnit([reference, locations]);
  return countPlan('active_at_reference_location_counts', [reference, locations], ['reference_locations', 'unique_locations'], unit, 'reference-counts-active', {
    reference: o.tableOf(reference.id),
    locations: o.tableOf(locations.id),
  });
}

export function planUnmovingCounts(spec: Spec, o: PlanOptions): AggregatePlan {
  const locations = planLocation(sub(spec, 'locations'), o);
  return countPlan('unmoving_counts', [locations], ['locations'], locations.aggregationUnit, 'reference-counts-unmoving', {
    locations: o.tableOf(locations.id),
  });
}

export function planUnmovingAtReferenceLocationCounts(spec: Spec, o: PlanOptions): AggregatePlan {
  const locations = planLocation(sub(spec, 'locations'), o);
  const reference = planLocation(sub(spec, 'reference_locations'), o);
  const unit = commonUnit([locations, reference]);
  return countPlan('unmoving_at_reference_location_counts', [locations, reference], ['locations', 'reference_locations'], unit, 'reference-counts-unmoving-at-reference', {
    locations: o.tableOf(locations.id),
    reference: o.tableOf(reference.id),
  });
}

/**
 * unique_visitor_counts: the difference of two unredacted aggregates, which are the very nodes their own top-level
 * queries use (shared tables). Redaction keeps a zone only when the difference and both terms exceed T.
 */
export function planUniqueVisitorCounts(spec: Spec, o: PlanOptions): AggregatePlan {
  const activeSpec = sub(spec, 'active_at_reference_location_counts');
  const uniqueSpec = sub(spec, 'unique_subscriber_counts');
  const active = unredactedNode(activeSpec, planActiveAtReferenceLocationCounts(activeSpec, o));
  const unique = unredactedNode(uniqueSpec, planUniqueSubscriberCounts(uniqueSpec));
  const unit = commonUnit([active, unique]);
  const loc = locationColumns(unit);
  return {
    nodeType: 'unique_visitor_counts_unredacted',
    children: [active, unique],
    childFields: ['active_at_reference_location_counts', 'unique_subscriber_counts'],
    select: new SqlFragment('reference-counts-visitors', { unique: o.tableOf(unique.id), active: o.tableOf(active.id), loc }),
    unit,
    expose: (source, threshold) => new SqlFragment('reference-counts-redact-visitors', { source, loc, threshold }),
  };
}

/** Allowed values of an enum field, from the catalogue (the single source of the allow-list). */
function catalogueEnum(kind: string, field: string): readonly string[] {
  const spec = kindDecl(kind)?.fields[field]?.spec;
  return spec?.type === 'enum' ? spec.values : [];
}

export function planDfsMetricTotalAmount(spec: Spec): AggregatePlan {
  const unit = str(spec, 'aggregation_unit');
  const metric = `t.${oneOf(str(spec, 'metric'), catalogueEnum('dfs_metric_total_amount', 'metric'), 'metric')}`;
  const window = { start: toUtcInstant(str(spec, 'start_date')), end: toUtcInstant(str(spec, 'end_date')), metric };
  const select = isAdminUnit(unit)
    ? new SqlFragment('dfs-total-amount-admin', { ...window, pcodColumn: cellAdminPcodColumn(unit) })
    : new SqlFragment('dfs-total-amount-lonlat', window);
  const loc = locationColumns(unit);
  return {
    nodeType: 'dfs_metric_total_amount_unredacted',
    children: [],
    childFields: [],
    select,
    unit,
    expose: exposeColumns([...loc, 'date', 'value'], ['date', ...loc]),
  };
}

export function planDummyQuery(spec: Spec): AggregatePlan {
  const delay = spec['dummy_delay'] === null || spec['dummy_delay'] === undefined ? 0 : num(spec, 'dummy_delay');
  return {
    nodeType: 'dummy_query_unredacted',
    children: [],
    childFields: [],
    select: new SqlFragment('dummy-query', { delay }),
    unit: str(spec, 'aggregation_unit'),
    expose: (source) => new SqlFragment('dummy-query-expose', { source }),
  };
}

export const REFERENCE_COUNT_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {
  unique_visitor_counts: planUniqueVisitorCounts,
  active_at_reference_location_counts: planActiveAtReferenceLocationCounts,
  unmoving_at_reference_location_counts: planUnmovingAtReferenceLocationCounts,
  unmoving_counts: planUnmovingCounts,
  dfs_metric_total_amount: planDfsMetricTotalAmount,
  dummy_query: planDummyQuery,
};
