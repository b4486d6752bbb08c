import { HANDSET_CHARACTERISTICS, STATISTICS } from '@flowdeck/queries';
import { eventTypesOf, rangeWindow, type EventWindow } from '../compile/event-window.js';
import { detailedEvents } from '../compile/event-detail.js';
import { locatedEvents } from '../compile/located-events.js';
import { withSubset } from '../compile/options.js';
import { NONSPATIAL_UNIT } from '../names.js';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import { LOCATION_PLANNERS } from './locations.js';
import { PlanError, type PlanOptions, type Spec, type SubscriberPlanner } from './plan-types.js';
import { num, obj, oneOf, optStr, outgoingOf, str, sub } from './spec-fields.js';
import { subscriberNode } from './subscriber-node.js';

/** Per-subscriber metrics (query-kinds.md §6.3): tables `subscriber, value`. */

/** A metric node reads all events (locatable or not) unless it needs cell points. */
function metricNode(spec: Spec, select: SqlFragment, children: PlanNode[] = []): PlanNode {
  return subscriberNode(spec, NONSPATIAL_UNIT, select, children);
}

function statisticOf(spec: Spec): string {
  return oneOf(str(spec, 'statistic'), STATISTICS, 'statistic');
}

function byStatistic(source: SqlFragment, statistic: string): SqlFragment {
  return new SqlFragment('statistic-by-group', { source, groupCols: ['subscriber'], statistic });
}

/** Window restricted to calls and sms (the event types with counterparts). */
function interactionWindow(spec: Spec): EventWindow {
  const w = rangeWindow(spec);
  return { ...w, eventTypes: eventTypesOf(spec).filter((t) => t === 'calls' || t === 'sms') };
}

export function planRadiusOfGyration(spec: Spec): PlanNode {
  return metricNode(
    spec,
    new SqlFragment('radius-of-gyration', { located: locatedEvents(rangeWindow(spec), 'lon-lat') }),
  );
}

export function planEventCount(spec: Spec): PlanNode {
  return metricNode(
    spec,
    new SqlFragment('event-count', { events: detailedEvents(rangeWindow(spec), outgoingOf(spec)) }),
  );
}

export function planSubscriberDegree(spec: Spec): PlanNode {
  return metricNode(
    spec,
    new SqlFragment('subscriber-degree', {
      events: detailedEvents(interactionWindow(spec), outgoingOf(spec)),
    }),
  );
}

export function planHandset(spec: Spec): PlanNode {
  const characteristic = oneOf(
    optStr(spec, 'characteristic', 'hnd_type'),
    HANDSET_CHARACTERISTICS,
    'characteristic',
  );
  const method = optStr(spec, 'method', 'last');
  if (method !== 'last') throw new PlanError(`Unsupported handset method ${method}.`);
  return metricNode(
    spec,
    new SqlFragment('handset', {
      events: detailedEvents(rangeWindow(spec)),
      characteristic: `t.${characteristic}`,
    }),
  );
}

function planTopup(column: 'recharge_amount' | 'post_event_balance'): SubscriberPlanner {
  return (spec) => {
    const w = rangeWindow(spec);
    const values = withSubset(
      new SqlFragment('topup-values', {
        start: w.start,
        end: w.end,
        hourStart: w.hours?.startHour ?? null,
        hourEnd: w.hours?.endHour ?? null,
        column,
      }),
      w,
    );
    return metricNode(spec, byStatistic(values, statisticOf(spec)));
  };
}

export function planNocturnalEvents(spec: Spec): PlanNode {
  const night = obj(spec, 'night_hours');
  return metricNode(
    spec,
    new SqlFragment('nocturnal-events', {
      events: detailedEvents({ ...rangeWindow(spec), hours: null }),
      nightStart: num(night, 'start_hour'),
      nightEnd: num(night, 'end_hour'),
    }),
  );
}

export function planDisplacement(spec: Spec, o: PlanOptions): PlanNode {
  const refSpec = sub(spec, 'reference_location');
  const planner = LOCATION_PLANNERS[str(refSpec, 'query_kind')];
  if (planner === undefined)
    throw new PlanError(`Unsupported reference location ${String(refSpec['query_kind'])}.`);
  const reference = planner(refSpec, o);
  if (reference.aggregationUnit !== 'lon-lat') throw new PlanError('The reference location must be lon-lat.');
  const distances = new SqlFragment('displacement-distances', {
    located: locatedEvents(rangeWindow(spec), 'lon-lat'),
    reference: o.tableOf(reference.id),
  });
  return metricNode(spec, byStatistic(distances, statisticOf(spec)), [reference]);
}

export function planParetoInteractions(spec: Spec): PlanNode {
  return metricNode(
    spec,
    new SqlFragment('pareto-interactions', {
      events: detailedEvents(interactionWindow(spec)),
      proportion: num(spec, 'proportion'),
    }),
  );
}

export const METRIC_PLANNERS: Readonly<Record<string, SubscriberPlanner>> = {
  radius_of_gyration: planRadiusOfGyration,
  event_count: planEventCount,
  subscriber_degree: planSubscriberDegree,
  handset: planHandset,
  topup_amount: planTopup('recharge_amount'),
  topup_balance: planTopup('post_event_balance'),
  nocturnal_events: planNocturnalEvents,
  displacement: planDisplacement,
  pareto_interactions: planParetoInteractions,
};
