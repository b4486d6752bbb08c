import { CATALOGUE, implementedOnly, kindDecl } from './catalogue/catalogue.js';
import { NONSPATIAL, type FieldType, type Fields } from './catalogue/types.js';
import { SimpleScope, sortScopes } from './required-scopes.js';

/** Nested-query kinds (implemented only) a field type can hold, at any depth of lists and objects. */
function nestedKinds(type: FieldType): string[] {
  switch (type.type) {
    case 'query':
      return implementedOnly(type.kinds);
    case 'list':
      return nestedKinds(type.items);
    case 'object':
      return fieldsNestedKinds(type.fields);
    default:
      return [];
  }
}

function fieldsNestedKinds(fields: Fields): string[] {
  return Object.values(fields).flatMap((f) => nestedKinds(f.spec));
}

/** Every kind that can appear in a spec of `kind` under the nesting rules (spec/query-kinds.md §5), itself included. */
export function reachableKinds(kind: string): string[] {
  const seen = new Set<string>();
  const queue = [kind];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const decl = kindDecl(next);
    if (decl) queue.push(...fieldsNestedKinds(decl.fields));
  }
  return [...seen];
}

/** Every aggregation unit a spec of `kind` can have (its "unit enum"); `['nonspatial']` when it has none. */
export function unitEnum(kind: string, restrict?: readonly string[]): string[] {
  const decl = kindDecl(kind);
  if (!decl) return [NONSPATIAL];
  let units: string[];
  const source = decl.unit;
  if (source.from === 'none') {
    units = [NONSPATIAL];
  } else {
    const field = decl.fields[source.field]?.spec;
    if (source.from === 'field') {
      units = field?.type === 'enum' ? [...field.values] : [NONSPATIAL];
    } else {
      const inner = field?.type === 'list' ? field.items : field;
      units =
        inner?.type === 'query'
          ? [...new Set(implementedOnly(inner.kinds).flatMap((k) => unitEnum(k, inner.units)))]
          : [NONSPATIAL];
    }
  }
  return restrict ? units.filter((u) => restrict.includes(u)) : units;
}

/**
 * The published scope list (tokens.md §4.3, `x-security-scopes`): the four simple scopes plus
 * `unit:T:s` for every implemented top-level kind T, unit of T's unit enum and kind s reachable from T.
 * Sorted by code point, de-duplicated.
 */
export function publishedScopes(): string[] {
  const scopes: string[] = Object.values(SimpleScope);
  for (const decl of CATALOGUE.filter((d) => d.topLevel)) {
    const subs = reachableKinds(decl.kind);
    for (const unit of unitEnum(decl.kind)) {
      for (const sub of subs) scopes.push(`${unit}:${decl.kind}:${sub}`);
    }
  }
  return sortScopes(scopes);
}
