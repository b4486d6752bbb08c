import { rangeWindow, toUtcInstant } from '../compile/event-window.js';
import { locatedEvents, selectedEvents } from '../compile/located-events.js';
import { locationColumns, NONSPATIAL_UNIT } from '../names.js';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import { eventTypesOf, hoursOf } from '../compile/event-window.js';
import type { Spec, SubscriberPlanner } from './plan-types.js';
import { num, oneOf, optStr, str } from './spec-fields.js';
import { subscriberNode } from './subscriber-node.js';

/** Tier 2 per-subscriber metrics (query-kinds.md §6.3): tables `subscriber, value`. */

export function planUniqueLocationCounts(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  return subscriberNode(
    spec,
    NONSPATIAL_UNIT,
    new SqlFragment('unique-location-counts', { located: locatedEvents(rangeWindow(spec), unit), loc: locationColumns(unit) }),
  );
}

const PERIOD_SECONDS = { days: 86_400, hours: 3_600, minutes: 60 } as const;
type PeriodUnit = keyof typeof PERIOD_SECONDS;

export function planTotalActivePeriods(spec: Spec): PlanNode {
  const unit = oneOf(optStr(spec, 'period_unit', 'days'), Object.keys(PERIOD_SECONDS) as PeriodUnit[], 'period_unit');
  const length = spec['period_length'] === null || spec['period_length'] === undefined ? 1 : num(spec, 'period_length');
  const periodSeconds = length * PERIOD_SECONDS[unit];
  const start = toUtcInstant(str(spec, 'start_date'));
  const end = new Date(Date.parse(start) + num(spec, 'total_periods') * periodSeconds * 1000).toISOString();
  const events = selectedEvents({ start, end, eventTypes: eventTypesOf(spec), hours: hoursOf(spec) });
  return subscriberNode(spec, NONSPATIAL_UNIT, new SqlFragment('total-active-periods', { events, start, periodSeconds }));
}

export const TIER2_METRIC_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = {
  unique_location_counts: planUniqueLocationCounts,
  total_active_periods: planTotalActivePeriods,
};
