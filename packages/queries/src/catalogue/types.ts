/**
 * Declaration types of the query-kind catalogue (spec/query-kinds.md). Every kind is data: its fields, how its
 * aggregation unit is derived, its tier and role. One generic validator (`validate-spec.ts`), the scope builders and
 * the OpenAPI generator all walk these declarations, so adding a kind never means adding code paths.
 */

/** Aggregation units of spec/query-kinds.md §1, in catalogue order. */
export const AGGREGATION_UNITS = ['admin0', 'admin1', 'admin2', 'admin3', 'lon-lat'] as const;
export type AggregationUnit = (typeof AGGREGATION_UNITS)[number];
/** Unit of specs that have none (histograms); used in scopes (tokens.md §4.2). */
export const NONSPATIAL = 'nonspatial';

/** A field's value type. */
export type FieldType =
  /** `pattern` (a RegExp source, anchored by the validator) rejects other strings with `patternMessage`. */
  | { type: 'string'; pattern?: string; patternMessage?: string }
  | { type: 'date' }
  | { type: 'int'; min?: number; max?: number }
  /** `exclusive`: the bounds themselves are not allowed (marshmallow's `min_inclusive=False`, `max_inclusive=False`). */
  | { type: 'number'; min?: number; max?: number; exclusive?: boolean }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  /** Tier 1 placeholder for fields whose non-null support is Tier 2 (`Must be one of: None.`). */
  | { type: 'null-only' }
  /** A nested query spec of one of `kinds`; `units` restricts the nested spec's aggregation unit. */
  | { type: 'query'; kinds: readonly string[]; units?: readonly string[] }
  /**
   * A JSON array. `order: 'set'` sorts and de-duplicates scalar items (event_types); `order: 'node-id'` sorts nested
   * specs by their node ids, keeping duplicates (modal_location.locations); default keeps the order as given.
   */
  | {
      type: 'list';
      items: FieldType;
      minLength?: number;
      /** Exact number of items (`Length must be <n>.`, marshmallow's Length(equal=n)). */
      length?: number;
      order?: 'as-given' | 'set' | 'node-id';
    }
  /** A JSON object with free-form keys, each value of type `values` (meaningful_locations' `labels`). */
  | { type: 'dict'; values: FieldType }
  /** A GeoJSON Polygon or MultiPolygon (`{"type", "coordinates"}`), positions of two finite numbers. */
  | { type: 'polygon' }
  /** A nested plain object (hours, bins, range). */
  | { type: 'object'; name: string; fields: Fields; rules?: readonly Rule[] };

export interface FieldDecl {
  readonly spec: FieldType;
  /** Absent → `Missing data for required field.` */
  readonly required?: boolean;
  /** `null` allowed (optional fields are always nullable: null means "default"). */
  readonly nullable?: boolean;
  /** Value written into the canonical form when absent or null; a function derives it from the canonical siblings. */
  readonly default?: unknown | ((siblings: Record<string, unknown>) => unknown);
  readonly description?: string;
}

export type Fields = Readonly<Record<string, FieldDecl>>;

/** Error tree in marshmallow's layout (spec/query-kinds.md §2). */
export type ErrorTree = { [field: string]: string[] | ErrorTree };

/**
 * A cross-field rule, run after the fields it `needs` validated without errors. It gets the canonical values of the
 * object and returns errors to merge (`_schema` or per field), or undefined.
 */
export interface Rule {
  readonly name: string;
  readonly needs: readonly string[];
  readonly check: (values: Record<string, unknown>, ctx: RuleContext) => ErrorTree | undefined;
}

/** What a rule may ask the validator about already-validated (canonical) nested specs. */
export interface RuleContext {
  unitOf(spec: Record<string, unknown>): string;
  declOf(kind: string): KindDecl | undefined;
}

/** How a kind's aggregation unit is derived (spec/query-kinds.md §3). */
export type UnitSource =
  | { from: 'field'; field: string }
  | { from: 'nested'; field: string }
  | { from: 'list'; field: string }
  | { from: 'none' };

/**
 * Role of a kind for the engine: `aggregate` kinds produce an exposed (redacted) result, `location` kinds one or more
 * locations per subscriber, `metric` kinds one value per subscriber.
 */
export type KindRole = 'aggregate' | 'location' | 'metric';

/** Which (cdr_type, date) pairs a node reads itself (spec/query-kinds.md §9); children add theirs. */
export type DateSource =
  | { dates: 'range' }
  | { dates: 'single'; field: string }
  /** total_active_periods: `[start_date, start_date + total_periods × period_length period_unit)`. */
  | { dates: 'periods' }
  /** meaningful_locations_between_dates_od_matrix: the union of several `[start, end)` field pairs. */
  | { dates: 'ranges'; ranges: readonly (readonly [string, string])[] }
  | { dates: 'none' };

export interface KindDecl {
  readonly kind: string;
  /** OpenAPI component name, following FlowKit (`DailyLocationSchema`). */
  readonly schemaName: string;
  readonly tier: 1 | 2;
  /** May appear as the top-level spec of `/run` (spec/query-kinds.md §6.1). */
  readonly topLevel: boolean;
  readonly role: KindRole;
  readonly fields: Fields;
  readonly unit: UnitSource;
  readonly rules?: readonly Rule[];
  readonly dateSource: DateSource;
  /** Event tables read when `event_types` is absent or null (topup_* read only `topups`). */
  readonly defaultEventTypes?: readonly string[];
  /** Metrics only: categorical values (JSA `distr`) rather than continuous ones. */
  readonly metricType?: 'continuous' | 'categorical';
  readonly description: string;
}
