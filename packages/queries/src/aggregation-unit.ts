import { kindDecl } from './catalogue/catalogue.js';
import { NONSPATIAL } from './catalogue/types.js';

function asSpec(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Aggregation unit of a validated (canonical) spec or sub-spec (spec/query-kinds.md §3): `admin0`…`admin3`,
 * `lon-lat`, or `nonspatial`. Unknown kinds fall back to their own `aggregation_unit` string, else `nonspatial`.
 */
export function aggregationUnitOf(canonical: Record<string, unknown>): string {
  const decl = kindDecl(String(canonical['query_kind']));
  if (!decl) {
    const own = canonical['aggregation_unit'];
    return typeof own === 'string' ? own : NONSPATIAL;
  }
  const source = decl.unit;
  switch (source.from) {
    case 'field': {
      const own = canonical[source.field];
      return typeof own === 'string' ? own : NONSPATIAL;
    }
    case 'nested': {
      const child = asSpec(canonical[source.field]);
      return child ? aggregationUnitOf(child) : NONSPATIAL;
    }
    case 'list': {
      const items = canonical[source.field];
      const first = Array.isArray(items) ? asSpec(items[0]) : undefined;
      return first ? aggregationUnitOf(first) : NONSPATIAL;
    }
    case 'none':
      return NONSPATIAL;
  }
}
