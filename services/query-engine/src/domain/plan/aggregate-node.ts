import { dateDependencies, nodeId } from '@flowdeck/queries';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import type { AggregatePlan, Spec } from './plan-types.js';
import { withoutChildren } from './spec-fields.js';

/** The unredacted internal node of an aggregate plan; its spec is the (top-level) spec it was planned from. */
export function unredactedNode(spec: Spec, plan: AggregatePlan): PlanNode {
  return {
    id: nodeId(plan.nodeType, withoutChildren(spec, plan.childFields), plan.children.map((c) => c.id)),
    nodeType: plan.nodeType,
    queryKind: plan.nodeType,
    spec,
    aggregationUnit: plan.unit,
    topLevel: false,
    children: plan.children,
    select: plan.select,
    dateDependencies: dateDependencies(spec),
  };
}

/** Exposed rows whose `value` exceeds T (template `redact-by-value`), ordered. */
export function redactByValue(orderBy: string[]): AggregatePlan['expose'] {
  return (source, threshold) => new SqlFragment('redact-by-value', { source, threshold, orderBy });
}

/** Exposed `columns` of the rows whose `redaction_count` exceeds T (template `redact-by-count`). */
export function redactByCount(columns: string[], orderBy: string[]): AggregatePlan['expose'] {
  return (source, threshold) => new SqlFragment('redact-by-count', { source, threshold, columns, orderBy });
}

/** Exposed `columns` without redaction (template `expose-columns`). */
export function exposeColumns(columns: string[], orderBy: string[]): AggregatePlan['expose'] {
  return (source) => new SqlFragment('expose-columns', { source, columns, orderBy });
}
