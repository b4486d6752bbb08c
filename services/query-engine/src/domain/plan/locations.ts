import { dayWindow, rangeWindow, utcDay } from '../compile/event-window.js';
import { locatedEvents } from '../compile/located-events.js';
import { locationColumns } from '../names.js';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import { PlanError, type PlanOptions, type Spec, type SubscriberPlanner } from './plan-types.js';
import { str, subList } from './spec-fields.js';
import { subscriberNode } from './subscriber-node.js';

/** Reference-location sub-kinds (query-kinds.md §6.2): per-subscriber tables `subscriber, <loc>`. */

export function planDailyLocation(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  const method = str(spec, 'method');
  const template = method === 'last' ? 'daily-location-last' : method === 'most-common' ? 'daily-location-most-common' : undefined;
  if (template === undefined) throw new PlanError(`Unsupported daily_location method ${method}.`);
  return subscriberNode(spec, unit, new SqlFragment(template, { located: locatedEvents(dayWindow(spec), unit), loc: locationColumns(unit) }));
}

export function planMostFrequentLocation(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  return subscriberNode(
    spec,
    unit,
    new SqlFragment('daily-location-most-common', { located: locatedEvents(rangeWindow(spec), unit), loc: locationColumns(unit) }),
  );
}

export function planVisitedMostDays(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  return subscriberNode(
    spec,
    unit,
    new SqlFragment('visited-most-days', { located: locatedEvents(rangeWindow(spec), unit), loc: locationColumns(unit) }),
  );
}

export function planUniqueLocations(spec: Spec): PlanNode {
  const unit = str(spec, 'aggregation_unit');
  return subscriberNode(
    spec,
    unit,
    new SqlFragment('unique-locations', { located: locatedEvents(rangeWindow(spec), unit), loc: locationColumns(unit) }),
  );
}

export function planModalLocation(spec: Spec, o: PlanOptions): PlanNode {
  const dailies = subList(spec, 'locations').map((s) => planDailyLocation(s));
  const unit = dailies[0]!.aggregationUnit;
  if (dailies.some((d) => d.aggregationUnit !== unit)) throw new PlanError('All locations must have the same aggregation_unit.');
  const loc = locationColumns(unit);
  const inputs = dailies.map(
    (d) => new SqlFragment('modal-location-input', { source: o.tableOf(d.id), loc, day: utcDay(String(d.spec['date'])) }),
  );
  const daily = inputs.slice(1).reduce((acc, next) => new SqlFragment('union-all', { first: acc, second: next }), inputs[0]!);
  return subscriberNode(spec, unit, new SqlFragment('modal-location', { daily, loc }), dailies);
}

export const LOCATION_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = {
  daily_location: planDailyLocation,
  modal_location: planModalLocation,
  most_frequent_location: planMostFrequentLocation,
  visited_most_days: planVisitedMostDays,
  unique_locations: planUniqueLocations,
};
