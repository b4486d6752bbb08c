import type { InvalidSpecCase } from './invalid-specs.js';

/** Invalid specs of the meaningful-locations kinds, with the error-tree path naming the bad field. */
export function invalidMeaningfulSpecs(): InvalidSpecCase[] {
  const common = {
    labels: {
      day: {
        type: 'Polygon',
        coordinates: [
          [
            [0, -1],
            [0, 1],
            [1, 1],
            [1, -1],
          ],
        ],
      },
    },
    tower_day_of_week_scores: {
      monday: 1,
      tuesday: 1,
      wednesday: 1,
      thursday: 1,
      friday: 1,
      saturday: -1,
      sunday: -1,
    },
    tower_hour_of_day_scores: Array.from({ length: 24 }, () => 0),
    aggregation_unit: 'admin3',
  };
  const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
  return [
    {
      kind: 'meaningful_locations_aggregate',
      spec: { query_kind: 'meaningful_locations_aggregate', ...range, label: 'work', ...common },
      path: ['label'],
    },
    {
      kind: 'meaningful_locations_between_label_od_matrix',
      spec: {
        query_kind: 'meaningful_locations_between_label_od_matrix',
        ...range,
        label_a: 'day',
        label_b: 'day',
        ...common,
        tower_hour_of_day_scores: [0, 0],
      },
      path: ['tower_hour_of_day_scores'],
    },
    {
      kind: 'meaningful_locations_between_dates_od_matrix',
      spec: {
        query_kind: 'meaningful_locations_between_dates_od_matrix',
        start_date_a: '2016-01-01',
        end_date_a: '2016-01-02',
        start_date_b: '2016-01-02',
        end_date_b: '2016-01-03',
        label: 'day',
        ...common,
        tower_day_of_week_scores: { ...common.tower_day_of_week_scores, monday: 3 },
      },
      path: ['tower_day_of_week_scores', 'monday'],
    },
  ];
}
