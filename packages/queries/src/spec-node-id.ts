import { kindDecl } from './catalogue/catalogue.js';
import { nodeId } from './ids.js';
import { childSpecs } from './walk-subqueries.js';

/**
 * Node id of a validated (canonical) sub-spec: `nodeId(kind, params, childIds)`. `childIds` are the node ids of its
 * nested specs in declared field order; `params` is the spec without `query_kind`, where each nested-query field holds
 * the position(s) of its child(ren) in `childIds` instead of the sub-spec. Identical sub-specs thus share an id (and a
 * cached table) across queries; the id also sorts order-insensitive lists (spec/query-kinds.md §4 step 1).
 */
export function specNodeId(spec: Record<string, unknown>): string {
  const kind = String(spec['query_kind']);
  const decl = kindDecl(kind);
  const children = childSpecs(spec);
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'query_kind') continue;
    const t = decl?.fields[key]?.spec;
    if (t?.type === 'query') {
      params[key] = children.findIndex((c) => c.field === key);
    } else if (t?.type === 'list' && t.items.type === 'query') {
      params[key] = children.flatMap((c, i) => (c.field === key ? [i] : []));
    } else {
      params[key] = value;
    }
  }
  return nodeId(
    kind,
    params,
    children.map((c) => specNodeId(c.spec)),
  );
}
