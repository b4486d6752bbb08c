import { PlanError, type Spec } from './plan-types.js';

/** Typed readers of canonical spec fields; a mismatch is a PlanError (the catalogue validated the spec). */

export function str(spec: Spec, key: string): string {
  const v = spec[key];
  if (typeof v !== 'string') throw new PlanError(`Field ${key} must be a string.`);
  return v;
}

export function optStr(spec: Spec, key: string, fallback: string): string {
  const v = spec[key];
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'string') throw new PlanError(`Field ${key} must be a string.`);
  return v;
}

export function num(spec: Spec, key: string): number {
  const v = spec[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new PlanError(`Field ${key} must be a number.`);
  return v;
}

export function obj(spec: Spec, key: string): Spec {
  const v = spec[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PlanError(`Field ${key} must be an object.`);
  return v as Spec;
}

export function optObj(spec: Spec, key: string): Spec | null {
  const v = spec[key];
  return v === null || v === undefined ? null : obj(spec, key);
}

/** A nested query spec. */
export const sub = obj;

export function subList(spec: Spec, key: string): Spec[] {
  const v = spec[key];
  if (!Array.isArray(v) || v.length === 0) throw new PlanError(`Field ${key} must be a non-empty list of query specs.`);
  return v.map((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new PlanError(`Field ${key}.${i} must be a query spec.`);
    return s as Spec;
  });
}

/** The spec's params without query_kind and sub-query fields (node ids carry children separately). */
export function withoutChildren(spec: Spec, childFields: readonly string[]): Spec {
  const params: Spec = {};
  for (const [k, v] of Object.entries(spec)) if (k !== 'query_kind' && !childFields.includes(k)) params[k] = v;
  return params;
}

/** `direction` → the `outgoing` filter of selected-events-detail (null = both). */
export function outgoingOf(spec: Spec): boolean | null {
  const d = optStr(spec, 'direction', 'both');
  if (d === 'both') return null;
  if (d === 'out') return true;
  if (d === 'in') return false;
  throw new PlanError(`Unsupported direction ${d}.`);
}

/** Picks `value` from an allow-list (values reach identifier bindings or SQL keywords through CASE). */
export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new PlanError(`Unsupported ${field} ${value}.`);
  return value as T;
}
