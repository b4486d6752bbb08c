import { ADMIN_UNITS, DAYS_OF_WEEK, UNKNOWN_LABEL } from '@flowdeck/queries';
import { rangeWindow } from '../compile/event-window.js';
import { locatedEvents } from '../compile/located-events.js';
import { adminTable, cellAdminPcodColumn } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import { redactByValue } from './aggregate-node.js';
import { PlanError, type AggregatePlan, type AggregatePlanner, type Spec } from './plan-types.js';
import { num, obj, oneOf, str } from './spec-fields.js';

/**
 * Tier 2 meaningful-locations kinds (query-kinds.md §6.1, FlowKit's MeaningfulLocations*): per subscriber, Hartigan
 * clusters of their towers over a period, labelled by where their (hour, day-of-week) scores fall among the label
 * polygons; the clusters of a label are spread over the admin zones containing them (1/n each) or paired into flows.
 * Everything is computed in the one unredacted node (templates `meaningful-*`).
 */

type Ring = number[][];

/** GeoJSON rings closed (FlowKit's shapely closes them; PostGIS requires it). */
function closeRing(ring: Ring): Ring {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

function closedGeometry(geometry: Spec): Spec {
  const coordinates = geometry['coordinates'] as unknown[];
  if (geometry['type'] === 'Polygon')
    return { type: 'Polygon', coordinates: (coordinates as Ring[]).map(closeRing) };
  return { type: 'MultiPolygon', coordinates: (coordinates as Ring[][]).map((p) => p.map(closeRing)) };
}

/**
 * The clusters of one period. Towers are cell points whatever the spec's mapping options (FlowKit clusters
 * versioned sites the same way); `subscriber_subset`, `event_types` and `hours` select the events.
 */
function clustersOf(spec: Spec, start: string, end: string): SqlFragment {
  const window = { ...rangeWindow({ ...spec, start_date: start, end_date: end }), spatial: null };
  const hourScores = spec['tower_hour_of_day_scores'];
  if (!Array.isArray(hourScores) || hourScores.length !== 24)
    throw new PlanError('Field tower_hour_of_day_scores must list 24 scores.');
  const dow = obj(spec, 'tower_day_of_week_scores');
  return new SqlFragment('meaningful-clusters', {
    located: locatedEvents(window, 'lon-lat'),
    hourScores: JSON.stringify(hourScores.map(Number)),
    dowScores: JSON.stringify(DAYS_OF_WEEK.map((d) => num(dow, d))),
    radiusKm: num(spec, 'tower_cluster_radius'),
    callThreshold: num(spec, 'tower_cluster_call_threshold'),
  });
}

/** The labelled clusters of one period placed in the zones of the spec's admin unit. */
function zonedLabel(spec: Spec, label: string, start: string, end: string): SqlFragment {
  const labels = obj(spec, 'labels');
  const closed = Object.fromEntries(
    Object.entries(labels).map(([name, g]) => [name, closedGeometry(g as Spec)]),
  );
  const unit = oneOf(str(spec, 'aggregation_unit'), ADMIN_UNITS, 'aggregation_unit');
  const labelled = new SqlFragment('meaningful-labelled', {
    clusters: clustersOf(spec, start, end),
    labels: JSON.stringify(closed),
    label,
    unknown: label === UNKNOWN_LABEL,
  });
  return new SqlFragment('meaningful-zones', {
    labelled,
    zones: adminTable(unit),
    pcod: cellAdminPcodColumn(unit),
  });
}

function plan(kind: string, select: SqlFragment, orderBy: string[], spec: Spec): AggregatePlan {
  return {
    nodeType: `${kind}_unredacted`,
    children: [],
    childFields: [],
    select,
    unit: str(spec, 'aggregation_unit'),
    expose: redactByValue(orderBy),
  };
}

export function planMeaningfulLocationsAggregate(spec: Spec): AggregatePlan {
  const zoned = zonedLabel(spec, str(spec, 'label'), str(spec, 'start_date'), str(spec, 'end_date'));
  return plan(
    'meaningful_locations_aggregate',
    new SqlFragment('meaningful-locations-aggregate', { zoned }),
    ['pcod'],
    spec,
  );
}

export function planMeaningfulLocationsBetweenLabelOdMatrix(spec: Spec): AggregatePlan {
  const [start, end] = [str(spec, 'start_date'), str(spec, 'end_date')];
  const select = new SqlFragment('meaningful-locations-od', {
    from: zonedLabel(spec, str(spec, 'label_a'), start, end),
    to: zonedLabel(spec, str(spec, 'label_b'), start, end),
  });
  return plan('meaningful_locations_between_label_od_matrix', select, ['pcod_from', 'pcod_to'], spec);
}

export function planMeaningfulLocationsBetweenDatesOdMatrix(spec: Spec): AggregatePlan {
  const label = str(spec, 'label');
  const select = new SqlFragment('meaningful-locations-od', {
    from: zonedLabel(spec, label, str(spec, 'start_date_a'), str(spec, 'end_date_a')),
    to: zonedLabel(spec, label, str(spec, 'start_date_b'), str(spec, 'end_date_b')),
  });
  return plan('meaningful_locations_between_dates_od_matrix', select, ['pcod_from', 'pcod_to'], spec);
}

export const MEANINGFUL_LOCATION_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {
  meaningful_locations_aggregate: planMeaningfulLocationsAggregate,
  meaningful_locations_between_label_od_matrix: planMeaningfulLocationsBetweenLabelOdMatrix,
  meaningful_locations_between_dates_od_matrix: planMeaningfulLocationsBetweenDatesOdMatrix,
};
