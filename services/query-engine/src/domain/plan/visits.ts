import type { AggregatePlanner, SubscriberPlanner } from './plan-types.js';

/** Tier 2 visit-based kinds: labelled aggregates (top level) and their per-subscriber location kinds. */

export const VISIT_AGGREGATE_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {};

export const VISIT_LOCATION_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = {};
