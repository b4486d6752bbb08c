/**
 * One function per kind of SQL identifier the engine builds (STYLE.md §8). Everything else that names a table or
 * column comes from the fixed text of a `.sql` file.
 */

const QUERY_ID = /^[0-9a-f]{32}$/;

/** Schema-qualified cache table of a node: `cache.x<id>` (flowdb.md §7). */
export function cacheTable(id: string): string {
  return `cache.${cacheTableName(id)}`;
}

/** Unqualified cache table name `x<id>` (the `tablename` column of cache.cached). */
export function cacheTableName(id: string): string {
  if (!QUERY_ID.test(id)) throw new TypeError(`Not a query id: ${JSON.stringify(id)}`);
  return `x${id}`;
}

/** Session-local table used for a dependency when dependency caching is disabled. */
export function tempTable(id: string): string {
  return `pg_temp.${cacheTableName(id)}`;
}

export type AdminUnit = 'admin0' | 'admin1' | 'admin2' | 'admin3';
export type AggregationUnit = AdminUnit | 'lon-lat';

const ADMIN_UNITS = new Set(['admin0', 'admin1', 'admin2', 'admin3']);

export function isAdminUnit(unit: string): unit is AdminUnit {
  return ADMIN_UNITS.has(unit);
}

/** Column of geography.cell_admin holding the zone of a cell for an admin unit: `admin<n>pcod`. */
export function cellAdminPcodColumn(unit: AdminUnit): string {
  return `${unit}pcod`;
}

/** Location columns of a unit's results (query-kinds.md §6: `<loc>`). */
export function locationColumns(unit: string): string[] {
  if (unit === 'lon-lat') return ['lon', 'lat'];
  if (isAdminUnit(unit)) return ['pcod'];
  throw new TypeError(`Not a spatial aggregation unit: ${unit}`);
}

/** Location columns with a suffix (flows: `pcod_from`, `lon_to`). */
export function suffixedLocationColumns(unit: string, suffix: 'from' | 'to'): string[] {
  return locationColumns(unit).map((c) => `${c}_${suffix}`);
}

/** `<column> AS <column>_<suffix>` select items for knex identifier bindings, optionally table-qualified. */
export function aliasedLocationColumns(unit: string, suffix: 'from' | 'to', table?: string): string[] {
  return locationColumns(unit).map((c) => `${table ? `${table}.` : ''}${c} as ${c}_${suffix}`);
}

/** Table-qualified location columns (`a.pcod`). */
export function qualifiedLocationColumns(unit: string, table: string): string[] {
  return locationColumns(unit).map((c) => `${table}.${c}`);
}

/** `application_name` of the connection that computes a node, so any replica can find and cancel its statement. */
export function nodeApplicationName(id: string): string {
  return `flowdeck-engine:${id}`;
}

/** `<table>.<column> as <column>` select items (keep the names, qualify the source). */
export function renamedLocationColumns(unit: string, table: string): string[] {
  return locationColumns(unit).map((c) => `${table}.${c} as ${c}`);
}

/** `<column>_<suffix> as <column>` select items (inflows/outflows read one side of a flows table). */
export function unsuffixedLocationColumns(unit: string, suffix: 'from' | 'to'): string[] {
  return locationColumns(unit).map((c) => `${c}_${suffix} as ${c}`);
}

/** aggregation_unit of nodes without locations (metrics, histograms). */
export const NONSPATIAL_UNIT = 'nonspatial';

const GEOGRAPHY_TABLE = /^geography\.[a-z_][a-z0-9_]{0,62}$/;
const PLAIN_COLUMN = /^[a-z_][a-z0-9_]{0,62}$/;

/** A mapping or geometry table named by a spec (`mapping_table`, `geom_table`): schema geography only. */
export function geographyTable(name: string): string {
  if (!GEOGRAPHY_TABLE.test(name)) throw new TypeError(`Not a geography table: ${JSON.stringify(name)}`);
  return name;
}

/** A column named by a spec (`geom_table_join_column`), optionally table-qualified. */
export function specColumn(name: string, table?: string): string {
  if (!PLAIN_COLUMN.test(name)) throw new TypeError(`Not a column name: ${JSON.stringify(name)}`);
  return table === undefined ? name : `${table}.${name}`;
}

/** Boundary table of an admin unit: `geography.admin<n>` (flowdb.md §4). */
export function adminTable(unit: AdminUnit): string {
  return `geography.${unit}`;
}
