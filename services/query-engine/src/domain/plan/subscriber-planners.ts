import type { PlanNode } from '../plan-node.js';
import { LOCATION_PLANNERS } from './locations.js';
import { METRIC_PLANNERS } from './metrics.js';
import { PlanError, type PlanOptions, type Spec, type SubscriberPlanner } from './plan-types.js';
import { TIER2_METRIC_PLANNERS } from './reference-counts.js';
import { str } from './spec-fields.js';
import { VISIT_LOCATION_PLANNERS } from './visits.js';

type Registry = Readonly<Record<string, SubscriberPlanner>>;

// Built on first use, not at module load: the Tier 2 planner modules import planLocation from here, so their
// registries are not yet initialised while this module loads.
let locations: Registry | undefined;
let metrics: Registry | undefined;

function locationPlanners(): Registry {
  locations ??= { ...LOCATION_PLANNERS, ...VISIT_LOCATION_PLANNERS };
  return locations;
}

function metricPlanners(): Registry {
  metrics ??= { ...METRIC_PLANNERS, ...TIER2_METRIC_PLANNERS };
  return metrics;
}

/** The planner of a per-subscriber kind (query-kinds.md §6.2, §6.3), or undefined. */
export function subscriberPlanner(kind: string): SubscriberPlanner | undefined {
  return locationPlanners()[kind] ?? metricPlanners()[kind];
}

/** Plans a location sub-spec (the slots of query-kinds.md §5 holding locations). */
export function planLocation(spec: Spec, o: PlanOptions): PlanNode {
  const kind = str(spec, 'query_kind');
  const planner = locationPlanners()[kind];
  if (planner === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  return planner(spec, o);
}

/** Plans a metric sub-spec. */
export function planMetric(spec: Spec, o: PlanOptions): PlanNode {
  const kind = str(spec, 'query_kind');
  const planner = metricPlanners()[kind];
  if (planner === undefined) throw new PlanError(`Query kind ${kind} is not implemented by the engine.`);
  return planner(spec, o);
}
