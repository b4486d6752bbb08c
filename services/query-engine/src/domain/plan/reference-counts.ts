import type { AggregatePlanner, SubscriberPlanner } from './plan-types.js';

/** Tier 2 counts against reference locations, dfs_metric_total_amount, dummy_query, and the Tier 2 metrics. */

export const REFERENCE_COUNT_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {};

export const TIER2_METRIC_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = {};
