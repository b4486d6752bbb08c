import { dateDependencies, specNodeId } from '@flowdeck/queries';
import type { PlanNode } from '../plan-node.js';
import type { SqlFragment } from '../sql-fragment.js';
import type { Spec } from './plan-types.js';

/**
 * A per-subscriber node (location or metric, query-kinds.md §6.2/§6.3) planned from its own sub-spec: its id is
 * the spec's node id, so the same sub-spec anywhere in any query shares one cached table.
 */
export function subscriberNode(spec: Spec, unit: string, select: SqlFragment, children: PlanNode[] = []): PlanNode {
  const kind = String(spec['query_kind']);
  return {
    id: specNodeId(spec),
    nodeType: kind,
    queryKind: kind,
    spec,
    aggregationUnit: unit,
    topLevel: false,
    children,
    select,
    dateDependencies: dateDependencies(spec),
  };
}
