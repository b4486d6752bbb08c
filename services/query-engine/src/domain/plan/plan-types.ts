import type { PlanNode } from '../plan-node.js';
import type { SqlFragment } from '../sql-fragment.js';

/** A canonical (sub-)spec as stored in cache.queries.canonical. */
export type Spec = Record<string, unknown>;

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

/**
 * What a top-level kind's planner returns: the unredacted internal node (its SELECT and children) and how the
 * exposed (redacted) table is selected from it.
 */
export interface AggregatePlan {
  /** Node type of the unredacted aggregate, `<kind>_unredacted`. */
  nodeType: string;
  children: PlanNode[];
  /** Fields of the spec holding sub-queries (left out of the node's params; their ids are its children). */
  childFields: readonly string[];
  select: SqlFragment;
  unit: string;
  /** The exposed table's SELECT over the unredacted table `source`. */
  expose: (source: string, threshold: number) => SqlFragment;
}

/** Plans the aggregate of a top-level spec. */
export type AggregatePlanner = (spec: Spec, o: PlanOptions) => AggregatePlan;

/** Plans a per-subscriber node (location or metric) from its sub-spec. */
export type SubscriberPlanner = (spec: Spec, o: PlanOptions) => PlanNode;
