import type { AggregatePlanner } from './plan-types.js';

/** Tier 2 meaningful-locations kinds. */

export const MEANINGFUL_LOCATION_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {};
