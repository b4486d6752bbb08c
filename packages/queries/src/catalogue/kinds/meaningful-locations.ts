import { Messages } from '../../messages.js';
import {
  ADMIN_UNITS,
  dateRangeFields,
  endDateField,
  LOC,
  startBeforeEnd,
  startDateField,
} from '../common-fields.js';
import type { FieldDecl, Fields, KindDecl, Rule } from '../types.js';

/**
 * Tier 2 meaningful-locations kinds (spec/query-kinds.md §6.1): meaningful_locations_aggregate,
 * meaningful_locations_between_label_od_matrix, meaningful_locations_between_dates_od_matrix. Field names and
 * score formats follow FlowKit's MeaningfulLocations*Schema and FlowClient's meaningful_locations_*_spec.
 */

/** Label of the clusters that fall in no label's polygon (FlowKit's LabelEventScore). */
export const UNKNOWN_LABEL = 'unknown';
export const DAYS_OF_WEEK = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export const MeaningfulMessages = {
  /** FlowKit's LabelEventScore wording. */
  reservedLabel: "'unknown' is a reserved label name, please use another name",
} as const;

const score: FieldDecl = { spec: { type: 'number', min: -1, max: 1 }, required: true };

const MEANINGFUL_FIELDS: Fields = {
  labels: {
    spec: { type: 'dict', values: { type: 'polygon' } },
    required: true,
    description:
      'Label name → GeoJSON Polygon or MultiPolygon in (hour-of-day score, day-of-week score) space, both axes in [-1, 1].',
  },
  tower_day_of_week_scores: {
    spec: {
      type: 'object',
      name: 'TowerDayOfWeekScores',
      fields: Object.fromEntries(DAYS_OF_WEEK.map((d) => [d, score])),
    },
    required: true,
    description: 'Score in [-1, 1] of each day of the week (monday … sunday, UTC).',
  },
  tower_hour_of_day_scores: {
    spec: { type: 'list', items: { type: 'number', min: -1, max: 1 }, length: 24 },
    required: true,
    description: 'Score in [-1, 1] of each UTC hour of the day, the first entry being midnight.',
  },
  aggregation_unit: {
    spec: { type: 'enum', values: ADMIN_UNITS },
    required: true,
    description: 'Admin unit whose zones contain the cluster centroids.',
  },
  tower_cluster_radius: {
    spec: { type: 'number', min: 0 },
    nullable: true,
    default: 1.0,
    description: 'Towers closer than this many km to a cluster centroid join the cluster (default 1.0).',
  },
  tower_cluster_call_threshold: {
    spec: { type: 'int', min: 0 },
    nullable: true,
    default: 0,
    description: 'Clusters with fewer call days are dropped (default 0).',
  },
  ...LOC,
};

/** `label_fields` must each name a key of `labels` or `unknown`; no label may be called `unknown`. */
function labelsKnown(labelFields: readonly string[]): Rule {
  return {
    name: 'labels-known',
    needs: ['labels', ...labelFields],
    check: (v) => {
      const names = Object.keys(v['labels'] as Record<string, unknown>);
      if (names.includes(UNKNOWN_LABEL)) return { labels: [MeaningfulMessages.reservedLabel] };
      const allowed = [...names, UNKNOWN_LABEL];
      const errors = Object.fromEntries(
        labelFields.filter((f) => !allowed.includes(String(v[f]))).map((f) => [f, [Messages.oneOf(allowed)]]),
      );
      return Object.keys(errors).length > 0 ? errors : undefined;
    },
  };
}

const label = (description: string): FieldDecl => ({ spec: { type: 'string' }, required: true, description });

/** `start_<suffix>` must be before `end_<suffix>`. */
function periodOrder(start: string, end: string): Rule {
  return {
    name: `${start}-before-${end}`,
    needs: [start, end],
    check: (v) =>
      Date.parse(String(v[start])) < Date.parse(String(v[end]))
        ? undefined
        : { _schema: [`${start} must be before ${end}.`] },
  };
}

export const meaningfulLocationsAggregate: KindDecl = {
  kind: 'meaningful_locations_aggregate',
  schemaName: 'MeaningfulLocationsAggregateSchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description:
    'Subscribers per zone of their clusters of towers carrying one meaningful label; a subscriber with n such clusters counts 1/n in each cluster’s zone.',
  fields: {
    ...dateRangeFields,
    label: label('Label of the clusters to count (a key of labels, or unknown).'),
    ...MEANINGFUL_FIELDS,
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  rules: [startBeforeEnd, labelsKnown(['label'])],
  dateSource: { dates: 'range' },
};

export const meaningfulLocationsBetweenLabelOdMatrix: KindDecl = {
  kind: 'meaningful_locations_between_label_od_matrix',
  schemaName: 'MeaningfulLocationsBetweenLabelODMatrixSchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description:
    'Flows between the zones of each subscriber’s label_a clusters and label_b clusters; each pair weighs 1/(n_a × n_b).',
  fields: {
    ...dateRangeFields,
    label_a: label('Origin label.'),
    label_b: label('Destination label.'),
    ...MEANINGFUL_FIELDS,
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  rules: [startBeforeEnd, labelsKnown(['label_a', 'label_b'])],
  dateSource: { dates: 'range' },
};

export const meaningfulLocationsBetweenDatesOdMatrix: KindDecl = {
  kind: 'meaningful_locations_between_dates_od_matrix',
  schemaName: 'MeaningfulLocationsBetweenDatesODMatrixSchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description:
    'Flows between the zones of each subscriber’s label clusters in period a and in period b; each pair weighs 1/(n_a × n_b).',
  fields: {
    start_date_a: startDateField,
    end_date_a: endDateField,
    start_date_b: startDateField,
    end_date_b: endDateField,
    label: label('Label of the clusters (a key of labels, or unknown).'),
    ...MEANINGFUL_FIELDS,
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  rules: [
    periodOrder('start_date_a', 'end_date_a'),
    periodOrder('start_date_b', 'end_date_b'),
    labelsKnown(['label']),
  ],
  dateSource: {
    dates: 'ranges',
    ranges: [
      ['start_date_a', 'end_date_a'],
      ['start_date_b', 'end_date_b'],
    ],
  },
};

export const meaningfulLocationKinds: readonly KindDecl[] = [
  meaningfulLocationsAggregate,
  meaningfulLocationsBetweenLabelOdMatrix,
  meaningfulLocationsBetweenDatesOdMatrix,
];
