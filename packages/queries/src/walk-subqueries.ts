import { kindDecl } from './catalogue/catalogue.js';
import type { FieldType } from './catalogue/types.js';

/** Where a sub-spec sits: field names and list indices from the root (`['metric', 'reference_location', 'locations', 0]`). */
export type SpecPath = readonly (string | number)[];

export interface SubqueryVisit {
  spec: Record<string, unknown>;
  path: SpecPath;
  /** Nested-query field of the parent holding this spec (undefined for the root). */
  field: string | undefined;
}

function isSpec(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>)['query_kind'] === 'string'
  );
}

/** Direct nested specs of a validated spec, in declared field order (list items in list order). */
export function childSpecs(
  spec: Record<string, unknown>,
): { field: string; index?: number; spec: Record<string, unknown> }[] {
  const decl = kindDecl(String(spec['query_kind']));
  if (!decl) return [];
  const out: { field: string; index?: number; spec: Record<string, unknown> }[] = [];
  const visit = (field: string, type: FieldType, value: unknown, index?: number): void => {
    if (type.type === 'query' && isSpec(value))
      out.push({ field, ...(index === undefined ? {} : { index }), spec: value });
    if (type.type === 'list' && Array.isArray(value))
      value.forEach((item, i) => visit(field, type.items, item, i));
  };
  for (const [field, fieldDecl] of Object.entries(decl.fields)) visit(field, fieldDecl.spec, spec[field]);
  return out;
}

/**
 * Depth-first, pre-order walk over a validated spec and every nested sub-spec (declared nested-query fields only).
 * Engines use it to build the dependency graph; `visit` returning `false` skips that spec's children.
 */
export function walkSubqueries(
  spec: Record<string, unknown>,
  visit: (v: SubqueryVisit) => boolean | void,
  path: SpecPath = [],
  field?: string,
): void {
  if (visit({ spec, path, field }) === false) return;
  for (const child of childSpecs(spec)) {
    const childPath =
      child.index === undefined ? [...path, child.field] : [...path, child.field, child.index];
    walkSubqueries(child.spec, visit, childPath, child.field);
  }
}

/** Every string `query_kind` value at any depth of any JSON value (objects and arrays), as tokens.md §4.2 requires. */
export function collectQueryKinds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectQueryKinds(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'query_kind' && typeof inner === 'string') into.add(inner);
      collectQueryKinds(inner, into);
    }
  }
  return into;
}
