import { aggregationUnitOf, dateDependencies, nodeId, specNodeId } from '@flowdeck/queries';
import { dayWindow, rangeWindow } from './compile/event-window.js';
import { locatedEvents } from './compile/located-events.js';
import { locationColumns } from './names.js';
import type { PlanNode } from './plan-node.js';
import { SqlFragment } from './sql-fragment.js';

/** How node tables are named and how results are redacted. */
export interface PlanOptions {
  /** `T` of query-kinds.md §7. */
  redactionThreshold: number;
  /** Table (identifier) holding an internal node's rows: `cache.x<id>` normally, `pg_temp.x<id>` without caching. */
  tableOf: (id: string) => string;
}

/** A planning failure that no retry can fix (an unimplemented kind, a spec the engine cannot read). */
export class PlanError extends Error {
  readonly code = 'PLAN_UNSUPPORTED' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

type Spec = Record<string, unknown>;

function str(spec: Spec, key: string): string {
  const v = spec[key];
  if (typeof v !== 'string') throw new PlanError(`Field ${key} must be a string.`);
  return v;
}

function sub(spec: Spec, key: string): Spec {
  const v = spec[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PlanError(`Field ${key} must be a query spec.`);
  return v as Spec;
}

function withoutChildren(spec: Spec, childFields: readonly string[]): Spec {
  const params: Spec = {};
  for (const [k, v] of Object.entries(spec)) if (k !== 'query_kind' && !childFields.includes(k)) params[k] = v;
  return params;
}

// ---- per-subscriber location nodes (query-kinds.md §6.2) ----

function planDailyLocation(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  const method = str(spec, 'method');
  const template = method === 'last' ? 'daily-location-last' : method === 'most-common' ? 'daily-location-most-common' : undefined;
  if (template === undefined) throw new PlanError(`Unsupported daily_location method ${method}.`);
  return {
    id: specNodeId(spec),
    nodeType: 'daily_location',
    queryKind: 'daily_location',
    spec,
    aggregationUnit: unit,
    topLevel: false,
    children: [],
    select: new SqlFragment(template, { located: locatedEvents(dayWindow(spec), unit), loc: locationColumns(unit) }),
    dateDependencies: dateDependencies(spec),
  };
}

function planMostFrequentLocation(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  return {
    id: specNodeId(spec),
    nodeType: 'most_frequent_location',
    queryKind: 'most_frequent_location',
    spec,
    aggregationUnit: unit,
    topLevel: false,
    children: [],
    select: new SqlFragment('daily-location-most-common', { located: locatedEvents(rangeWindow(spec), unit), loc: locationColumns(unit) }),
    dateDependencies: dateDependencies(spec),
  };
}

const LOCATION_PLANNERS: Record<string, (spec: Spec, o: PlanOptions) => PlanNode> = {
  daily_location: planDailyLocation,
  most_frequent_location: planMostFrequentLocation,
};

function planLocation(spec: Spec, o: PlanOptions): PlanNode {
  const kind = str(spec, 'query_kind');
  const planner = LOCATION_PLANNERS[kind];
  if (planner === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  return planner(spec, o);
}

// ---- aggregates: an unredacted internal node plus the redacted exposed node ----

interface AggregateParts {
  /** Node type of the unredacted aggregate. */
  nodeType: string;
  children: PlanNode[];
  childFields: readonly string[];
  select: SqlFragment;
  unit: string;
  /** Columns the exposed table is ordered by. */
  orderBy: string[];
}

function spatialAggregateParts(spec: Spec, o: PlanOptions): AggregateParts {
  const locations = planLocation(sub(spec, 'locations'), o);
  const unit = locations.aggregationUnit;
  return {
    nodeType: 'spatial_aggregate_unredacted',
    children: [locations],
    childFields: ['locations'],
    select: new SqlFragment('spatial-aggregate', { source: o.tableOf(locations.id), loc: locationColumns(unit) }),
    unit,
    orderBy: locationColumns(unit),
  };
}

function uniqueSubscriberCountsParts(spec: Spec): AggregateParts {
  const unit = str(spec, 'aggregation_unit');
  return {
    nodeType: 'unique_subscriber_counts_unredacted',
    children: [],
    childFields: [],
    select: new SqlFragment('unique-subscriber-counts', { located: locatedEvents(rangeWindow(spec), unit), loc: locationColumns(unit) }),
    unit,
    orderBy: locationColumns(unit),
  };
}

const AGGREGATE_PARTS: Record<string, (spec: Spec, o: PlanOptions) => AggregateParts> = {
  spatial_aggregate: spatialAggregateParts,
  unique_subscriber_counts: uniqueSubscriberCountsParts,
};

function unredactedNode(spec: Spec, parts: AggregateParts): PlanNode {
  return {
    id: nodeId(parts.nodeType, withoutChildren(spec, parts.childFields), parts.children.map((c) => c.id)),
    nodeType: parts.nodeType,
    queryKind: parts.nodeType,
    spec,
    aggregationUnit: parts.unit,
    topLevel: false,
    children: parts.children,
    select: parts.select,
    dateDependencies: dateDependencies(spec),
  };
}

/** Node types of internal aggregate nodes → the top-level kind whose spec they are planned from. */
const UNREDACTED_NODE_KIND: Record<string, string> = {
  spatial_aggregate_unredacted: 'spatial_aggregate',
  unique_subscriber_counts_unredacted: 'unique_subscriber_counts',
};

/**
 * The dependency graph of a top-level query (its canonical spec, query-kinds.md §4). The root's id is `queryId`;
 * it holds the redacted rows. Throws `PlanError` for kinds the engine does not implement.
 */
export function planQuery(queryId: string, canonical: Spec, o: PlanOptions): PlanNode {
  const kind = str(canonical, 'query_kind');
  const partsOf = AGGREGATE_PARTS[kind];
  if (partsOf === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  const parts = partsOf(canonical, o);
  const unredacted = unredactedNode(canonical, parts);
  return {
    id: queryId,
    nodeType: `redacted_${kind}`,
    queryKind: kind,
    spec: canonical,
    aggregationUnit: aggregationUnitOf(canonical),
    topLevel: true,
    children: [unredacted],
    select: new SqlFragment('redact-by-value', {
      source: o.tableOf(unredacted.id),
      threshold: o.redactionThreshold,
      orderBy: parts.orderBy,
    }),
    dateDependencies: unredacted.dateDependencies,
  };
}

/**
 * The graph of an internal node from its cache.queries row (`query_kind` = node type, `canonical` = its spec), for
 * a job the janitor re-enqueued for an internal row.
 */
export function planInternalNode(nodeType: string, spec: Spec, o: PlanOptions): PlanNode {
  const kind = UNREDACTED_NODE_KIND[nodeType];
  if (kind !== undefined) {
    const partsOf = AGGREGATE_PARTS[kind];
    if (partsOf !== undefined) return unredactedNode(spec, partsOf(spec, o));
  }
  if (LOCATION_PLANNERS[nodeType] !== undefined) return planLocation(spec, o);
  throw new PlanError(`Node type ${nodeType} is not implemented by the engine.`);
}
