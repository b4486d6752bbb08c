/**
 * The only builders of SQL identifiers from data (STYLE.md §8): each returns a name that is then passed as a knex
 * identifier binding, never spliced into SQL text.
 */

/** `cache.x<id>`: the exposed result table of a query (spec/flowdb.md §7). */
export function resultTableName(queryId: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(queryId)) throw new TypeError(`Query id '${queryId}' cannot name a table.`);
  return `cache.x${queryId}`;
}

/** Admin levels with a geography table. */
export const ADMIN_UNITS = ['admin0', 'admin1', 'admin2', 'admin3'] as const;
export type AdminUnit = (typeof ADMIN_UNITS)[number];

export function isAdminUnit(unit: string): unit is AdminUnit {
  return (ADMIN_UNITS as readonly string[]).includes(unit);
}

/** `geography.admin<n>` and its pcod/name columns (spec/flowdb.md §4). */
export function geographyNames(unit: AdminUnit): { table: string; pcodColumn: string; nameColumn: string } {
  return { table: `geography.${unit}`, pcodColumn: `${unit}pcod`, nameColumn: `${unit}name` };
}
