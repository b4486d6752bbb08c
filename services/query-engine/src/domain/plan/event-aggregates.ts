import { EVENT_COUNT_INTERVALS } from '@flowdeck/queries';
import { rangeWindow } from '../compile/event-window.js';
import { locatedDetail } from '../compile/event-detail.js';
import { locatedEvents } from '../compile/located-events.js';
import {
  aliasedLocationColumns,
  locationColumns,
  qualifiedLocationColumns,
  renamedLocationColumns,
  suffixedLocationColumns,
} from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import { redactByCount, redactByValue } from './aggregate-node.js';
import type { AggregatePlan, Spec } from './plan-types.js';
import { oneOf, outgoingOf, str } from './spec-fields.js';

/** Top-level kinds computed straight from events (own aggregation_unit and date range). */

function eventAggregate(kind: string, spec: Spec, select: SqlFragment, expose: AggregatePlan['expose']): AggregatePlan {
  return { nodeType: `${kind}_unredacted`, children: [], childFields: [], select, unit: str(spec, 'aggregation_unit'), expose };
}

export function planUniqueSubscriberCounts(spec: Spec): AggregatePlan {
  const unit = str(spec, 'aggregation_unit');
  const loc = locationColumns(unit);
  return eventAggregate(
    'unique_subscriber_counts',
    spec,
    new SqlFragment('unique-subscriber-counts', { located: locatedEvents(rangeWindow(spec), unit), loc }),
    redactByValue(loc),
  );
}

export function planLocationIntroversion(spec: Spec): AggregatePlan {
  const unit = str(spec, 'aggregation_unit');
  const loc = locationColumns(unit);
  const w = rangeWindow(spec);
  const window = { ...w, eventTypes: w.eventTypes.filter((t) => t === 'calls' || t === 'sms') };
  return eventAggregate(
    'location_introversion',
    spec,
    new SqlFragment('location-introversion', {
      located: locatedDetail(window, unit),
      aSel: renamedLocationColumns(unit, 'a'),
      aCols: qualifiedLocationColumns(unit, 'a'),
      bCols: qualifiedLocationColumns(unit, 'b'),
      loc,
      outgoing: outgoingOf(spec),
    }),
    redactByCount([...loc, 'value'], loc),
  );
}

export function planLocationEventCounts(spec: Spec): AggregatePlan {
  const unit = str(spec, 'aggregation_unit');
  const loc = locationColumns(unit);
  const interval = oneOf(str(spec, 'interval'), EVENT_COUNT_INTERVALS, 'interval');
  const buckets = interval === 'day' ? ['date'] : interval === 'hour' ? ['date', 'hour'] : ['date', 'hour', 'min'];
  return eventAggregate(
    'location_event_counts',
    spec,
    new SqlFragment('location-event-counts', {
      located: locatedDetail(rangeWindow(spec), unit, outgoingOf(spec)),
      locSel: qualifiedLocationColumns(unit, 'located'),
      loc,
      interval,
    }),
    redactByCount([...loc, ...buckets, 'value'], [...loc, ...buckets]),
  );
}

function odMatrix(kind: 'trips_od_matrix' | 'consecutive_trips_od_matrix', template: string) {
  return (spec: Spec): AggregatePlan => {
    const unit = str(spec, 'aggregation_unit');
    const loc = locationColumns(unit);
    return eventAggregate(
      kind,
      spec,
      new SqlFragment(template, {
        located: locatedEvents(rangeWindow(spec), unit),
        loc,
        locQ: qualifiedLocationColumns(unit, 'located'),
        aSel: aliasedLocationColumns(unit, 'from', 'a'),
        bSel: aliasedLocationColumns(unit, 'to', 'b'),
        aCols: qualifiedLocationColumns(unit, 'a'),
        bCols: qualifiedLocationColumns(unit, 'b'),
      }),
      redactByValue([...suffixedLocationColumns(unit, 'from'), ...suffixedLocationColumns(unit, 'to')]),
    );
  };
}

export const planTripsOdMatrix = odMatrix('trips_od_matrix', 'trips-od-matrix');
export const planConsecutiveTripsOdMatrix = odMatrix('consecutive_trips_od_matrix', 'consecutive-trips-od-matrix');
