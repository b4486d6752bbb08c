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
/** A query id: 32 lowercase hex characters (spec/query-kinds.md §4). */
export const QUERY_ID_PATTERN = '[0-9a-f]{32}';
/** Tables an analyst may name for mapping/geometry options: schema `geography` only (see docs/decisions.md). */
export const GEOGRAPHY_TABLE_PATTERN = 'geography\\.[a-z_][a-z0-9_]{0,62}';
/** A plain lowercase SQL identifier. */
export const COLUMN_NAME_PATTERN = '[a-z_][a-z0-9_]{0,62}';

/**
 * Id of a completed query whose table has a `subscriber` column (a per-subscriber node); only events of those
 * subscribers are read. Existence and shape are checked by the engine when it runs the query.
 */
export const subscriberSubsetField: FieldDecl = {
  spec: { type: 'string', pattern: QUERY_ID_PATTERN, patternMessage: Messages.subscriberSubset },
  nullable: true,
  description:
    'Query id of a completed per-subscriber query; only its subscribers are read (null: everyone).',
};
/** As FlowKit's make_spatial_unit(mapping_table=...): columns `id` (cell id) and `admin<n>pcod` or the join column. */
export const mappingTableField: FieldDecl = {
  spec: { type: 'string', pattern: GEOGRAPHY_TABLE_PATTERN, patternMessage: Messages.geographyTable },
  nullable: true,
  description:
    'Bridge table geography.<name> mapping cell ids (column id) to zones (admin<n>pcod) or to geom_table rows.',
};
export const geomTableField: FieldDecl = {
  spec: { type: 'string', pattern: GEOGRAPHY_TABLE_PATTERN, patternMessage: Messages.geographyTable },
  nullable: true,
  description: 'lon-lat only: table geography.<name> whose geom_point gives the location of mapped cells.',
};
export const geomTableJoinColumnField: FieldDecl = {
  spec: { type: 'string', pattern: COLUMN_NAME_PATTERN, patternMessage: Messages.columnName },
  nullable: true,
  description: 'Column shared by mapping_table and geom_table.',
};

export const SAMPLING_METHODS = ['system', 'bernoulli', 'random_ids'] as const;
/** FlowKit's `RandomSampleSchema` (`sampling_method` selects the variant; `seed` is required). */
export const samplingField: FieldDecl = {
  spec: {
    type: 'object',
    name: 'RandomSample',
    fields: {
      sampling_method: { spec: { type: 'enum', values: SAMPLING_METHODS }, required: true },
      seed: {
        spec: { type: 'number' },
        required: true,
        description: 'Same seed, same sample; -1 to 1 for random_ids.',
      },
      size: {
        spec: { type: 'int', min: 1 },
        nullable: true,
        description: 'Rows (subscribers for random_ids) to keep.',
      },
      fraction: {
        spec: { type: 'number', min: 0, max: 1, exclusive: true },
        nullable: true,
        description: 'Share of rows (subscribers for random_ids) to keep.',
      },
      estimate_count: {
        spec: { type: 'bool' },
        nullable: true,
        default: true,
        description: 'Accepted for FlowKit compatibility.',
      },
    },
    rules: [
      {
        name: 'size-or-fraction',
        needs: ['size', 'fraction'],
        check: (v) =>
          (v['size'] === null) === (v['fraction'] === null)
            ? { _schema: [Messages.sizeOrFraction] }
            : undefined,
      },
      {
        name: 'random-ids-seed',
        needs: ['sampling_method', 'seed'],
        check: (v) => {
          const seed = Number(v['seed']);
          return v['sampling_method'] === 'random_ids' && (seed < -1 || seed > 1)
            ? { seed: [Messages.range(-1, 1)] }
            : undefined;
        },
      },
    ],
  },
  nullable: true,
  description: 'Random sample of the per-subscriber result (null: no sampling).',
};

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
