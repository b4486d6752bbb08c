import type { PlanNode } from '../plan-node.js';
import { LOCATION_PLANNERS } from './locations.js';
import { METRIC_PLANNERS } from './metrics.js';
import { PlanError, type PlanOptions, type Spec, type SubscriberPlanner } from './plan-types.js';
import { str } from './spec-fields.js';

/** Every per-subscriber kind (query-kinds.md §6.2, §6.3) → its planner. */
export const SUBSCRIBER_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = { ...LOCATION_PLANNERS, ...METRIC_PLANNERS };

/** Plans a location sub-spec (the slots of query-kinds.md §5 holding locations). */
export function planLocation(spec: Spec, o: PlanOptions): PlanNode {
  const kind = str(spec, 'query_kind');
  const planner = LOCATION_PLANNERS[kind];
  if (planner === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  return planner(spec, o);
}

/** Plans a metric sub-spec. */
export function planMetric(spec: Spec, o: PlanOptions): PlanNode {
  const kind = str(spec, 'query_kind');
  const planner = METRIC_PLANNERS[kind];
  if (planner === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  return planner(spec, o);
}
