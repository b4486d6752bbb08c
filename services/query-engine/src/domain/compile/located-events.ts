import { cellAdminPcodColumn, isAdminUnit } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import type { EventWindow } from './event-window.js';

/** Bindings shared by the event-selecting templates. */
export function eventWindowBindings(w: EventWindow): Record<string, string | number | boolean | null> {
  return {
    start: w.start,
    end: w.end,
    calls: w.eventTypes.includes('calls'),
    sms: w.eventTypes.includes('sms'),
    mds: w.eventTypes.includes('mds'),
    topups: w.eventTypes.includes('topups'),
    hourStart: w.hours?.startHour ?? null,
    hourEnd: w.hours?.endHour ?? null,
  };
}

/** `subscriber, datetime, location_id` of the selected events (template `selected-events`). */
export function selectedEvents(w: EventWindow): SqlFragment {
  return new SqlFragment('selected-events', eventWindowBindings(w));
}

/**
 * `subscriber, datetime, <loc>` of every locatable selected event: `pcod` for admin units, `lon`, `lat` for
 * `lon-lat` (templates `located-events-admin`, `located-events-lonlat`).
 */
export function locatedEvents(w: EventWindow, unit: string): SqlFragment {
  const bindings = { events: selectedEvents(w), start: w.start, end: w.end };
  if (isAdminUnit(unit)) return new SqlFragment('located-events-admin', { ...bindings, pcodColumn: cellAdminPcodColumn(unit) });
  if (unit === 'lon-lat') return new SqlFragment('located-events-lonlat', bindings);
  throw new TypeError(`Not a spatial aggregation unit: ${unit}`);
}
