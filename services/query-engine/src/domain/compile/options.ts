import {
  adminTable,
  cellAdminPcodColumn,
  geographyTable,
  isAdminUnit,
  qualifiedLocationColumns,
  specColumn,
} from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import type { EventWindow, SpatialOptions } from './event-window.js';

/**
 * The Tier 2 spec options (query-kinds.md §1) as SQL: every event selector passes its rows through `withSubset`
 * and every cell-to-location mapping through `mappedCellDays`, so all kinds honour them. With the options null the
 * SQL is exactly the Tier 1 SQL.
 */

/** `events` restricted to the subscribers of the window's subset (template `subset-events`), or `events` itself. */
export function withSubset(events: SqlFragment, w: EventWindow): SqlFragment {
  const subset = w.subscriberSubset ?? null;
  return subset === null ? events : new SqlFragment('subset-events', { events, subset });
}

/** Cell ids → locations of `unit` through the mapping (and geometry) table (templates `spatial-unit-mapped-*`). */
export function mappedSpatialUnit(o: SpatialOptions, unit: string): SqlFragment {
  const mappingTable = geographyTable(o.mappingTable);
  if (isAdminUnit(unit)) {
    return new SqlFragment('spatial-unit-mapped-admin', {
      mappingTable,
      adminTable: adminTable(unit),
      pcodColumn: cellAdminPcodColumn(unit),
    });
  }
  if (unit === 'lon-lat') {
    if (o.geomTable === null || o.geomTableJoinColumn === null)
      throw new TypeError('lon-lat with a mapping table needs geom_table and geom_table_join_column');
    return new SqlFragment('spatial-unit-mapped-lonlat', {
      mappingTable,
      geomTable: geographyTable(o.geomTable),
      mappingJoin: specColumn(o.geomTableJoinColumn, 'm'),
      geomJoin: specColumn(o.geomTableJoinColumn, 'g'),
    });
  }
  throw new TypeError(`Not a spatial aggregation unit: ${unit}`);
}

/** Per UTC day of the window, each cell's mapped locations (template `cell-days-mapped`). */
export function mappedCellDays(w: EventWindow, o: SpatialOptions, unit: string): SqlFragment {
  return new SqlFragment('cell-days-mapped', {
    start: w.start,
    end: w.end,
    spatialUnit: mappedSpatialUnit(o, unit),
    loc: qualifiedLocationColumns(unit, 'su'),
  });
}
