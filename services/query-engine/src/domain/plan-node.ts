import type { SqlFragment } from './sql-fragment.js';

/** A (cdr_type, date) pair a node reads (query-kinds.md §9). */
export interface DateDependency {
  cdrType: string;
  /** `YYYY-MM-DD`. */
  date: string;
}

/**
 * One node of a query's dependency graph: a table the engine materialises as `cache.x<id>` (or a session-local
 * table when dependency caching is disabled).
 */
export interface PlanNode {
  /** Query id (top level) or node id (query-kinds.md §4). */
  id: string;
  /** FlowKit-like class of the node, recorded in cache.cached.class, e.g. `daily_location`. */
  nodeType: string;
  /** `query_kind` of its cache.queries row: the kind for top-level rows, the node type for internal ones. */
  queryKind: string;
  /** Canonical spec from which the node can be planned again (cache.queries.canonical). */
  spec: Record<string, unknown>;
  aggregationUnit: string;
  /** The requested query itself; its table is redacted and readable by the api role. */
  topLevel: boolean;
  children: PlanNode[];
  /** The SELECT producing the node's rows. */
  select: SqlFragment;
  /** Every date the node reads, its children's included. */
  dateDependencies: DateDependency[];
}

/** Nodes of a graph, children before parents, each id once. */
export function postOrder(root: PlanNode): PlanNode[] {
  const seen = new Set<string>();
  const out: PlanNode[] = [];
  const visit = (n: PlanNode): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    for (const c of n.children) visit(c);
    out.push(n);
  };
  visit(root);
  return out;
}
