/** Exact validation message strings of spec/query-kinds.md §2 (marshmallow's wording). */
export const Messages = {
  missing: 'Missing data for required field.',
  unknownField: 'Unknown field.',
  notNull: 'Field may not be null.',
  notString: 'Not a valid string.',
  notInteger: 'Not a valid integer.',
  notNumber: 'Not a valid number.',
  notBoolean: 'Not a valid boolean.',
  notList: 'Not a valid list.',
  notObject: 'Invalid input type.',
  notDatetime: 'Not a valid datetime.',
  oneOf: (values: readonly string[]): string => `Must be one of: ${values.join(', ')}.`,
  onlyNone: 'Must be one of: None.',
  range: (min: number | undefined, max: number | undefined): string => {
    if (min !== undefined && max !== undefined) {
      return `Must be greater than or equal to ${min} and less than or equal to ${max}.`;
    }
    if (min !== undefined) return `Must be greater than or equal to ${min}.`;
    return `Must be less than or equal to ${max}.`;
  },
  rangeExclusive: (min: number, max: number): string => `Must be greater than ${min} and less than ${max}.`,
  /** FlowKit's `SubscriberSubset` validator. */
  subscriberSubset: 'Must be None or a valid query id.',
  /** **Flowdeck** (Tier 2 spatial options): FlowKit takes any table name; Flowdeck allows only its own schema. */
  geographyTable: 'Must be a table of schema geography: geography.<name> (lowercase letters, digits and _).',
  columnName: 'Must be a column name (lowercase letters, digits and _, not starting with a digit).',
  onlyLonLat: 'Only allowed with aggregation_unit lon-lat.',
  requiredWith: (other: string): string => `Required when ${other} is given.`,
  /** FlowKit's `BaseRandomSampleSchema`. */
  sizeOrFraction: "Must provide exactly one of 'size' or 'fraction' for a random sample.",
  minLength: (min: number): string => `Shorter than minimum length ${min}.`,
  /** marshmallow's Length(equal=n). */
  exactLength: (n: number): string => `Length must be ${n}.`,
  /** **Extension**: FlowKit accepts any dict for a label's bounds and fails later; Flowdeck checks the GeoJSON. */
  notPolygon: 'Not a valid GeoJSON Polygon or MultiPolygon.',
  startBeforeEnd: 'start_date must be before end_date.',
  mixedUnits: 'All locations must have the same aggregation_unit.',
  flowsUnits: 'You cannot compute flows for locations on different spatial units',
  binsBoth: 'Only one of n_bins or bin_list may be provided.',
  binsNeither: 'One of n_bins or bin_list must be provided.',
  /** **Extension**: FlowKit's `Bounds` requires lower < upper but its message is not part of the spec. */
  rangeOrder: 'lower_bound must be less than upper_bound.',
} as const;
