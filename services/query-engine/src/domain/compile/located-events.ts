import { cellAdminPcodColumn, isAdminUnit, qualifiedLocationColumns } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import type { EventWindow } from './event-window.js';
import { mappedCellDays, withSubset } from './options.js';

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

/** `subscriber, datetime, location_id` of the selected events (template `selected-events`), subset applied. */
export function selectedEvents(w: EventWindow): SqlFragment {
  return withSubset(new SqlFragment('selected-events', eventWindowBindings(w)), w);
}

/**
 * `subscriber, datetime, <loc>` of every locatable selected event: `pcod` for admin units, `lon`, `lat` for
 * `lon-lat` (templates `located-events-admin`, `located-events-lonlat`; `located-events-mapped` with a mapping table).
 */
export function locatedEvents(w: EventWindow, unit: string): SqlFragment {
  if (w.spatial) {
    const cellDays = mappedCellDays(w, w.spatial, unit);
    return new SqlFragment('located-events-mapped', {
      events: selectedEvents(w),
      cellDays,
      loc: qualifiedLocationColumns(unit, 'z'),
    });
  }
  const bindings = { events: selectedEvents(w), start: w.start, end: w.end };
  if (isAdminUnit(unit))
    return new SqlFragment('located-events-admin', { ...bindings, pcodColumn: cellAdminPcodColumn(unit) });
  if (unit === 'lon-lat') return new SqlFragment('located-events-lonlat', bindings);
  throw new TypeError(`Not a spatial aggregation unit: ${unit}`);
}
