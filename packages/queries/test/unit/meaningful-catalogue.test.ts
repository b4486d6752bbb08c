import {
  dateDependencies,
  openApiSchemas,
  parseQuerySpec,
  TOP_LEVEL_KINDS,
  validateSpec,
  type ErrorTree,
} from '@flowdeck/queries';

// The meaningful-locations kinds (query-kinds.md §6.1): fields as FlowKit's schemas and FlowClient's builders,
// scores complete and in range, labels known, dates of both periods of the between-dates matrix.

type Spec = Record<string, unknown>;
const HOURS = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 1 : -1));
const DOW = { monday: 1, tuesday: 1, wednesday: 1, thursday: 0, friday: -1, saturday: -1, sunday: -1 };
const LABELS = {
  evening: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [0.000001, 0.5],
          [0.000001, 1],
          [1, 1],
          [1, 0.5],
        ],
      ],
      [
        [
          [0.000001, -1],
          [0.000001, -0.5],
          [1, -0.5],
          [1, -1],
        ],
      ],
    ],
  },
  day: {
    type: 'Polygon',
    coordinates: [
      [
        [-1, -0.5],
        [-1, 0.5],
        [0, 0.5],
        [0, -0.5],
      ],
    ],
  },
};
const common = {
  labels: LABELS,
  tower_day_of_week_scores: DOW,
  tower_hour_of_day_scores: HOURS,
  aggregation_unit: 'admin3',
};
const aggregate = (o: Spec = {}): Spec => ({
  query_kind: 'meaningful_locations_aggregate',
  start_date: '2016-01-01',
  end_date: '2016-01-08',
  label: 'day',
  ...common,
  ...o,
});
const byLabel = (o: Spec = {}): Spec => ({
  query_kind: 'meaningful_locations_between_label_od_matrix',
  start_date: '2016-01-01',
  end_date: '2016-01-08',
  label_a: 'day',
  label_b: 'evening',
  ...common,
  ...o,
});
const byDates = (o: Spec = {}): Spec => ({
  query_kind: 'meaningful_locations_between_dates_od_matrix',
  start_date_a: '2016-01-01',
  end_date_a: '2016-01-03',
  start_date_b: '2016-01-05',
  end_date_b: '2016-01-06',
  label: 'evening',
  ...common,
  ...o,
});

function errorsOf(spec: unknown): ErrorTree {
  const result = validateSpec(spec);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.canonical)}`);
  return result.errors;
}

describe('meaningful-locations kinds', () => {
  it('are top-level kinds', () => {
    expect(TOP_LEVEL_KINDS).toEqual(
      expect.arrayContaining([
        'meaningful_locations_aggregate',
        'meaningful_locations_between_label_od_matrix',
        'meaningful_locations_between_dates_od_matrix',
      ]),
    );
  });

  it('accept FlowClient-style specs and fill the defaults', () => {
    for (const spec of [aggregate(), byLabel(), byDates(), aggregate({ label: 'unknown' })]) {
      const r = validateSpec(spec);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.canonical).toEqual(
        expect.objectContaining({
          tower_cluster_radius: 1,
          tower_cluster_call_threshold: 0,
          event_types: null,
          hours: null,
          subscriber_subset: null,
        }),
      );
      expect(r.canonical['labels']).toEqual(LABELS);
      expect(r.canonical['tower_hour_of_day_scores']).toEqual(HOURS);
    }
  });

  it('names a label that is not in labels', () => {
    expect(errorsOf(aggregate({ label: 'work' }))).toEqual({
      label: ['Must be one of: evening, day, unknown.'],
    });
    expect(errorsOf(byLabel({ label_b: 'night' }))).toEqual({
      label_b: ['Must be one of: evening, day, unknown.'],
    });
  });

  it('reserves the label unknown', () => {
    expect(errorsOf(aggregate({ labels: { ...LABELS, unknown: LABELS.day } }))).toEqual({
      labels: ["'unknown' is a reserved label name, please use another name"],
    });
  });

  it('checks the label shapes', () => {
    expect(
      errorsOf(
        aggregate({ labels: { day: { type: 'Point', coordinates: [0, 0] }, evening: LABELS.evening } }),
      ),
    ).toEqual({
      labels: { day: ['Not a valid GeoJSON Polygon or MultiPolygon.'] },
    });
    expect(
      errorsOf(
        aggregate({
          labels: {
            day: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 'x'],
                  [1, 1],
                ],
              ],
            },
          },
        }),
      ),
    ).toEqual({
      labels: { day: ['Not a valid GeoJSON Polygon or MultiPolygon.'] },
    });
    expect(errorsOf(aggregate({ labels: [] }))).toEqual({ labels: ['Invalid input type.'] });
  });

  it('requires 24 hour scores and every day of the week, all in [-1, 1]', () => {
    expect(errorsOf(aggregate({ tower_hour_of_day_scores: HOURS.slice(1) }))).toEqual({
      tower_hour_of_day_scores: ['Length must be 24.'],
    });
    expect(errorsOf(aggregate({ tower_hour_of_day_scores: [2, ...HOURS.slice(1)] }))).toEqual({
      tower_hour_of_day_scores: { '0': ['Must be greater than or equal to -1 and less than or equal to 1.'] },
    });
    const { sunday: _sunday, ...noSunday } = DOW;
    expect(errorsOf(aggregate({ tower_day_of_week_scores: noSunday }))).toEqual({
      tower_day_of_week_scores: { sunday: ['Missing data for required field.'] },
    });
    expect(errorsOf(aggregate({ tower_day_of_week_scores: { ...DOW, funday: 1 } }))).toEqual({
      tower_day_of_week_scores: { funday: ['Unknown field.'] },
    });
  });

  it('aggregates to admin units only and orders each period', () => {
    expect(errorsOf(aggregate({ aggregation_unit: 'lon-lat' }))).toEqual({
      aggregation_unit: ['Must be one of: admin0, admin1, admin2, admin3.'],
    });
    expect(errorsOf(byDates({ end_date_b: '2016-01-04' }))).toEqual({
      _schema: ['start_date_b must be before end_date_b.'],
    });
    expect(errorsOf(byLabel({ end_date: '2016-01-01' }))).toEqual({
      _schema: ['start_date must be before end_date.'],
    });
  });

  it('depends on the days of both periods of a between-dates matrix', () => {
    const { canonical } = parseQuerySpec(byDates({ event_types: ['calls'] }), { redactionThreshold: 15 });
    expect(dateDependencies(canonical).map((d) => d.date)).toEqual([
      '2016-01-01',
      '2016-01-02',
      '2016-01-05',
    ]);
  });

  it('publishes the label and score shapes in the OpenAPI schemas', () => {
    const schema = openApiSchemas()['MeaningfulLocationsAggregateSchema'] as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties['labels']).toEqual(
      expect.objectContaining({
        type: 'object',
        additionalProperties: expect.objectContaining({ required: ['type', 'coordinates'] }),
      }),
    );
    expect(schema.properties['tower_hour_of_day_scores']).toEqual(
      expect.objectContaining({ minItems: 24, maxItems: 24 }),
    );
  });
});
