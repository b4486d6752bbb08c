import { Messages } from '../messages.js';
import { AGGREGATION_UNITS, type FieldDecl, type Fields, type Rule } from './types.js';

/** spec/query-kinds.md §1 enums, in catalogue order (the order `Must be one of:` lists them). */
export const EVENT_TYPES = ['calls', 'sms', 'mds', 'topups'] as const;
export const STATISTICS = [
  'count',
  'sum',
  'avg',
  'max',
  'min',
  'median',
  'stddev',
  'variance',
  'mode',
] as const;
export const DIRECTIONS = ['in', 'out', 'both'] as const;
export const LOCATION_METHODS = ['last', 'most-common'] as const;
export const ADMIN_UNITS = ['admin0', 'admin1', 'admin2', 'admin3'] as const;

export const aggregationUnitField: FieldDecl = {
  spec: { type: 'enum', values: AGGREGATION_UNITS },
  required: true,
  description: 'Spatial unit of the locations.',
};
export const startDateField: FieldDecl = {
  spec: { type: 'date' },
  required: true,
  description: 'Inclusive start (ISO 8601).',
};
export const endDateField: FieldDecl = {
  spec: { type: 'date' },
  required: true,
  description: 'Exclusive end (ISO 8601).',
};
export const dateRangeFields: Fields = { start_date: startDateField, end_date: endDateField };

const hourField: FieldDecl = { spec: { type: 'int', min: 0, max: 24 }, required: true };

/** `{"start_hour": int, "end_hour": int}`, both 0–24. */
export function hoursObject(name: string): FieldDecl['spec'] {
  return { type: 'object', name, fields: { start_hour: hourField, end_hour: hourField } };
}

export const eventTypesField: FieldDecl = {
  spec: { type: 'list', items: { type: 'enum', values: EVENT_TYPES }, minLength: 1, order: 'set' },
  nullable: true,
  description: 'Event types to read; null means all.',
};
export const hoursField: FieldDecl = {
  spec: hoursObject('Hours'),
  nullable: true,
  description: 'UTC hour window start_hour ≤ h < end_hour (wraps past midnight).',
};
/** Tier 1 accepts only null; non-null support is Tier 2 (extension point: change the spec type here). */
const nullOnly = (description: string): FieldDecl => ({
  spec: { type: 'null-only' },
  nullable: true,
  description,
});
export const subscriberSubsetField = nullOnly('Subscriber subset (Tier 1: null only).');
export const mappingTableField = nullOnly('Mapping table (Tier 1: null only).');
export const geomTableField = nullOnly('Geometry table (Tier 1: null only).');
export const geomTableJoinColumnField = nullOnly('Geometry table join column (Tier 1: null only).');
export const samplingField = nullOnly('Sampling (Tier 1: null only).');

/** `LOC` of spec/query-kinds.md §1. */
export const LOC: Fields = {
  event_types: eventTypesField,
  subscriber_subset: subscriberSubsetField,
  mapping_table: mappingTableField,
  geom_table: geomTableField,
  geom_table_join_column: geomTableJoinColumnField,
  hours: hoursField,
};
/** `MET` of spec/query-kinds.md §1. */
export const MET: Fields = {
  event_types: eventTypesField,
  subscriber_subset: subscriberSubsetField,
  hours: hoursField,
};

export const directionField: FieldDecl = {
  spec: { type: 'enum', values: DIRECTIONS },
  nullable: true,
  default: 'both',
  description: 'Direction of events (default both).',
};

export const statisticField: FieldDecl = {
  spec: { type: 'enum', values: STATISTICS },
  required: true,
  description: 'Statistic over the per-subscriber values.',
};

/** `start_date` must be before `end_date` (compares canonical ISO strings as instants). */
export const startBeforeEnd: Rule = {
  name: 'start-before-end',
  needs: ['start_date', 'end_date'],
  check: (v) =>
    Date.parse(String(v['start_date'])) < Date.parse(String(v['end_date']))
      ? undefined
      : { _schema: [Messages.startBeforeEnd] },
};
