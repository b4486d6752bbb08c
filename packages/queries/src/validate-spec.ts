import { implementedOnly, kindDecl, TOP_LEVEL_KINDS } from './catalogue/catalogue.js';
import type { ErrorTree, Fields, FieldType, Rule, RuleContext } from './catalogue/types.js';
import { aggregationUnitOf } from './aggregation-unit.js';
import { canonicalDate, parseIsoInstant } from './dates.js';
import { Messages } from './messages.js';
import { optionRules } from './catalogue/options-rules.js';
import { specNodeId } from './spec-node-id.js';

/** Outcome of validating one value: its canonical form, or its errors (a leaf list or a subtree). */
type Outcome = { ok: true; value: unknown } | { ok: false; errors: string[] | ErrorTree };

export type SpecValidation =
  { ok: true; canonical: Record<string, unknown> } | { ok: false; errors: ErrorTree };

const ruleContext: RuleContext = { unitOf: aggregationUnitOf, declOf: kindDecl };

const fail = (errors: string[] | ErrorTree): Outcome => ({ ok: false, errors });
const pass = (value: unknown): Outcome => ({ ok: true, value });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `extra` into `into` (lists concatenate, subtrees merge). */
function mergeErrors(into: ErrorTree, extra: ErrorTree): void {
  for (const [key, value] of Object.entries(extra)) {
    const current = into[key];
    if (current === undefined) into[key] = value;
    else if (Array.isArray(current) && Array.isArray(value)) current.push(...value);
    else if (!Array.isArray(current) && !Array.isArray(value)) mergeErrors(current, value);
    else if (Array.isArray(value)) mergeErrors(current as ErrorTree, { _schema: value });
    else into[key] = { _schema: current as string[], ...value };
  }
}

function checkRange(
  n: number,
  type: { min?: number; max?: number; exclusive?: boolean },
): string[] | undefined {
  if (type.exclusive && type.min !== undefined && type.max !== undefined) {
    return n <= type.min || n >= type.max ? [Messages.rangeExclusive(type.min, type.max)] : undefined;
  }
  if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) {
    return [Messages.range(type.min, type.max)];
  }
  return undefined;
}

function compareScalars(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function validateValue(value: unknown, type: FieldType): Outcome {
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') return fail([Messages.notString]);
      if (type.pattern !== undefined && !new RegExp(`^(?:${type.pattern})$`).test(value))
        return fail([type.patternMessage ?? Messages.notString]);
      return pass(value);
    case 'date': {
      const instant = typeof value === 'string' ? parseIsoInstant(value) : undefined;
      return instant === undefined ? fail([Messages.notDatetime]) : pass(canonicalDate(instant));
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail([Messages.notInteger]);
      const bad = checkRange(value, type);
      return bad ? fail(bad) : pass(value);
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail([Messages.notNumber]);
      const bad = checkRange(value, type);
      return bad ? fail(bad) : pass(value === 0 ? 0 : value);
    }
    case 'bool':
      return typeof value === 'boolean' ? pass(value) : fail([Messages.notBoolean]);
    case 'enum':
      return typeof value === 'string' && type.values.includes(value)
        ? pass(value)
        : fail([Messages.oneOf(type.values)]);
    case 'null-only':
      return value === null ? pass(null) : fail([Messages.onlyNone]);
    case 'query': {
      const outcome = validateQuery(value, type.kinds);
      if (!outcome.ok || !type.units) return outcome;
      const unit = aggregationUnitOf(outcome.value as Record<string, unknown>);
      return type.units.includes(unit) ? outcome : fail({ aggregation_unit: [Messages.oneOf(type.units)] });
    }
    case 'list':
      return validateList(value, type);
    case 'object':
      if (!isPlainObject(value)) return fail([Messages.notObject]);
      return validateFields(value, type.fields, type.rules ?? [], new Set());
    case 'dict':
      return validateDict(value, type.values);
    case 'polygon':
      return isPolygon(value)
        ? pass({ type: value['type'], coordinates: value['coordinates'] })
        : fail([Messages.notPolygon]);
  }
}

/** A free-form object: every value validated against `values`, errors keyed by the key (as marshmallow's Dict). */
function validateDict(value: unknown, values: FieldType): Outcome {
  if (!isPlainObject(value)) return fail([Messages.notObject]);
  const errors: ErrorTree = {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const outcome = item === null ? fail([Messages.notNull]) : validateValue(item, values);
    if (outcome.ok) out[key] = outcome.value;
    else errors[key] = outcome.errors;
  }
  return Object.keys(errors).length > 0 ? fail(errors) : pass(out);
}

const isPosition = (p: unknown): boolean =>
  Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
const isRings = (rings: unknown): boolean =>
  Array.isArray(rings) &&
  rings.length > 0 &&
  rings.every((r) => Array.isArray(r) && r.length >= 3 && r.every(isPosition));

/** GeoJSON Polygon / MultiPolygon with only `type` and `coordinates` (rings of at least three positions). */
function isPolygon(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value) || Object.keys(value).some((k) => k !== 'type' && k !== 'coordinates'))
    return false;
  const coordinates = value['coordinates'];
  if (value['type'] === 'Polygon') return isRings(coordinates);
  return (
    value['type'] === 'MultiPolygon' &&
    Array.isArray(coordinates) &&
    coordinates.length > 0 &&
    coordinates.every(isRings)
  );
}

function validateList(value: unknown, type: Extract<FieldType, { type: 'list' }>): Outcome {
  if (!Array.isArray(value)) return fail([Messages.notList]);
  const errors: ErrorTree = {};
  const items: unknown[] = [];
  value.forEach((item, index) => {
    const outcome = item === null ? fail([Messages.notNull]) : validateValue(item, type.items);
    if (outcome.ok) items.push(outcome.value);
    else errors[String(index)] = outcome.errors;
  });
  if (Object.keys(errors).length > 0) return fail(errors);
  if (type.minLength !== undefined && items.length < type.minLength)
    return fail([Messages.minLength(type.minLength)]);
  if (type.length !== undefined && items.length !== type.length)
    return fail([Messages.exactLength(type.length)]);
  if (type.order === 'set') {
    return pass([...new Set(items)].sort(compareScalars));
  }
  if (type.order === 'node-id') {
    const keyed = items.map((item) => ({ item, key: specNodeId(item as Record<string, unknown>) }));
    keyed.sort((a, b) => compareScalars(a.key, b.key));
    return pass(keyed.map((k) => k.item));
  }
  return pass(items);
}

/**
 * Validates an object against declared fields: required/unknown/null checks, each value, defaults (static first,
 * then derived), then the rules whose needed fields validated cleanly. `reserved` keys (query_kind) are skipped.
 */
function validateFields(
  input: Record<string, unknown>,
  fields: Fields,
  rules: readonly Rule[],
  reserved: ReadonlySet<string>,
): Outcome {
  const errors: ErrorTree = {};
  const values: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(fields)) {
    const raw = input[name];
    if (raw === undefined) {
      if (decl.required) errors[name] = [Messages.missing];
      else values[name] = null;
    } else if (raw === null) {
      if (decl.required && !decl.nullable) errors[name] = [Messages.notNull];
      else values[name] = null;
    } else {
      const outcome = validateValue(raw, decl.spec);
      if (outcome.ok) values[name] = outcome.value;
      else errors[name] = outcome.errors;
    }
  }
  for (const key of Object.keys(input)) {
    if (!(key in fields) && !reserved.has(key)) errors[key] = [Messages.unknownField];
  }
  const derived: [string, (siblings: Record<string, unknown>) => unknown][] = [];
  for (const [name, decl] of Object.entries(fields)) {
    if (values[name] !== null || decl.default === undefined) continue;
    if (typeof decl.default === 'function')
      derived.push([name, decl.default as (s: Record<string, unknown>) => unknown]);
    else values[name] = decl.default;
  }
  for (const [name, make] of derived) values[name] = make(values);
  for (const rule of rules) {
    if (rule.needs.some((n) => n in errors)) continue;
    const extra = rule.check(values, ruleContext);
    if (extra) mergeErrors(errors, extra);
  }
  return Object.keys(errors).length > 0 ? fail(errors) : pass(values);
}

const RESERVED = new Set(['query_kind']);

/** Validates a (nested) query spec whose `query_kind` must be one of `kinds` (unimplemented kinds are dropped). */
function validateQuery(value: unknown, kinds: readonly string[]): Outcome {
  if (!isPlainObject(value)) return fail([Messages.notObject]);
  const allowed = implementedOnly(kinds);
  const kind = value['query_kind'];
  if (kind === undefined) return fail({ query_kind: [Messages.missing] });
  if (typeof kind !== 'string' || !allowed.includes(kind))
    return fail({ query_kind: [Messages.oneOf(allowed)] });
  const decl = kindDecl(kind);
  if (!decl) return fail({ query_kind: [Messages.oneOf(allowed)] });
  const outcome = validateFields(
    value,
    decl.fields,
    [...(decl.rules ?? []), ...optionRules(decl.fields)],
    RESERVED,
  );
  return outcome.ok ? pass({ query_kind: kind, ...(outcome.value as Record<string, unknown>) }) : outcome;
}

/**
 * Validates and canonicalises a spec (spec/query-kinds.md §2 and §4 step 1). `kinds` = the kinds allowed at the root
 * (default: the implemented top-level kinds). Returns the canonical spec (defaults filled, optional fields explicit
 * null, dates normalised, sets sorted) or the marshmallow-style error tree.
 */
export function validateSpec(spec: unknown, kinds: readonly string[] = TOP_LEVEL_KINDS): SpecValidation {
  const outcome = validateQuery(spec, kinds);
  if (outcome.ok) return { ok: true, canonical: outcome.value as Record<string, unknown> };
  return { ok: false, errors: Array.isArray(outcome.errors) ? { _schema: outcome.errors } : outcome.errors };
}
