import { aggregationUnitOf } from '@flowdeck/queries';
import { unredactedNode } from './plan/aggregate-node.js';
import { aggregatePlanner } from './plan/aggregate-planners.js';
import { PlanError, type PlanOptions, type Spec } from './plan/plan-types.js';
import { str } from './plan/spec-fields.js';
import { subscriberPlanner } from './plan/subscriber-planners.js';
import type { PlanNode } from './plan-node.js';

export { PlanError, type PlanOptions } from './plan/plan-types.js';

const UNREDACTED_SUFFIX = '_unredacted';

/**
 * The dependency graph of a top-level query (its canonical spec, query-kinds.md §4). The root's id is `queryId`;
 * it holds the redacted rows, selected from the kind's unredacted internal node. Throws `PlanError` for kinds the
 * engine does not implement.
 */
export function planQuery(queryId: string, canonical: Spec, o: PlanOptions): PlanNode {
  const kind = str(canonical, 'query_kind');
  const planner = aggregatePlanner(kind);
  if (planner === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  const plan = planner(canonical, o);
  const unredacted = unredactedNode(canonical, plan);
  return {
    id: queryId,
    nodeType: `redacted_${kind}`,
    queryKind: kind,
    spec: canonical,
    aggregationUnit: aggregationUnitOf(canonical),
    topLevel: true,
    children: [unredacted],
    select: plan.expose(o.tableOf(unredacted.id), o.redactionThreshold),
    dateDependencies: unredacted.dateDependencies,
  };
}

/**
 * The graph of an internal node from its cache.queries row (`query_kind` = node type, `canonical` = its spec), for
 * a job the janitor re-enqueued for an internal row.
 */
export function planInternalNode(nodeType: string, spec: Spec, o: PlanOptions): PlanNode {
  if (nodeType.endsWith(UNREDACTED_SUFFIX)) {
    const planner = aggregatePlanner(nodeType.slice(0, -UNREDACTED_SUFFIX.length));
    if (planner !== undefined) return unredactedNode(spec, planner(spec, o));
  }
  const planSubscriber = subscriberPlanner(nodeType);
  if (planSubscriber !== undefined && spec['query_kind'] === nodeType) return planSubscriber(spec, o);
  throw new PlanError(`Node type ${nodeType} is not implemented by the engine.`);
}
