import { cellAdminPcodColumn, isAdminUnit, qualifiedLocationColumns } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import type { EventWindow } from './event-window.js';
import { eventWindowBindings } from './located-events.js';
import { mappedCellDays, withSubset } from './options.js';

/**
 * Selected events with id, direction, counterpart, TAC and type (template `selected-events-detail`); `outgoing`
 * true/false keeps only outgoing/incoming calls and sms, null keeps every event.
 */
export function detailedEvents(w: EventWindow, outgoing: boolean | null = null): SqlFragment {
  return withSubset(new SqlFragment('selected-events-detail', { ...eventWindowBindings(w), outgoing }), w);
}

/** Per UTC day of the window, each cell's location for a unit (templates `cell-days-*`; mapped with a mapping table). */
export function cellDays(w: EventWindow, unit: string): SqlFragment {
  if (w.spatial) return mappedCellDays(w, w.spatial, unit);
  if (isAdminUnit(unit))
    return new SqlFragment('cell-days-admin', {
      start: w.start,
      end: w.end,
      pcodColumn: cellAdminPcodColumn(unit),
    });
  if (unit === 'lon-lat') return new SqlFragment('cell-days-lonlat', { start: w.start, end: w.end });
  throw new TypeError(`Not a spatial aggregation unit: ${unit}`);
}

/** The detailed events of a window with their location columns; unlocatable events dropped (`located-rows`). */
export function locatedDetail(w: EventWindow, unit: string, outgoing: boolean | null = null): SqlFragment {
  return new SqlFragment('located-rows', {
    events: detailedEvents(w, outgoing),
    cellDays: cellDays(w, unit),
    loc: qualifiedLocationColumns(unit, 'z'),
  });
}
