import { CONTINUOUS_METHODS } from '@flowdeck/queries';
import { locationColumns, NONSPATIAL_UNIT, qualifiedLocationColumns } from '../names.js';
import { SqlFragment } from '../sql-fragment.js';
import { redactByCount, redactByValue, unredactedNode } from './aggregate-node.js';
import type { AggregatePlan, PlanOptions, Spec } from './plan-types.js';
import { num, obj, oneOf, optObj, str, sub } from './spec-fields.js';
import { planLocation, planMetric } from './subscriber-planners.js';

/** spatial_aggregate: distinct subscribers per zone of a location sub-query. */
export function planSpatialAggregate(spec: Spec, o: PlanOptions): AggregatePlan {
  const locations = planLocation(sub(spec, 'locations'), o);
  const unit = locations.aggregationUnit;
  return {
    nodeType: 'spatial_aggregate_unredacted',
    children: [locations],
    childFields: ['locations'],
    select: new SqlFragment('spatial-aggregate', { source: o.tableOf(locations.id), loc: locationColumns(unit) }),
    unit,
    expose: redactByValue(locationColumns(unit)),
  };
}

/**
 * joined_spatial_aggregate: per zone a statistic (or, for `distr`, the category shares) of a metric joined to the
 * located subscribers. The zone's located-subscriber count comes from the spatial_aggregate node of the same
 * locations (shared with spatial_aggregate queries) and drives redaction.
 */
export function planJoinedSpatialAggregate(spec: Spec, o: PlanOptions): AggregatePlan {
  const locationsSpec = sub(spec, 'locations');
  const locations = planLocation(locationsSpec, o);
  const metric = planMetric(sub(spec, 'metric'), o);
  const zonesSpec = { query_kind: 'spatial_aggregate', locations: locationsSpec };
  const zones = unredactedNode(zonesSpec, planSpatialAggregate(zonesSpec, o));
  const unit = locations.aggregationUnit;
  const loc = locationColumns(unit);
  const method = str(spec, 'method');
  const joined = new SqlFragment('jsa-joined', {
    locations: o.tableOf(locations.id),
    metric: o.tableOf(metric.id),
    lLoc: qualifiedLocationColumns(unit, 'l'),
  });
  const common = { nodeType: 'joined_spatial_aggregate_unredacted', children: [locations, metric, zones], childFields: ['locations', 'metric'], unit };
  if (method === 'distr') {
    return {
      ...common,
      select: new SqlFragment('joined-spatial-aggregate-distr', { joined, zones: o.tableOf(zones.id), loc }),
      expose: redactByCount([...loc, 'metric', 'key', 'value'], [...loc, 'key']),
    };
  }
  const statistic = oneOf(method, CONTINUOUS_METHODS, 'method');
  const stats = new SqlFragment('statistic-by-group', { source: joined, groupCols: loc, statistic });
  return {
    ...common,
    select: new SqlFragment('joined-spatial-aggregate', { stats, zones: o.tableOf(zones.id), loc }),
    expose: redactByCount([...loc, 'value'], loc),
  };
}

/** histogram_aggregate: bins of a metric's values; censored whole when any bin holds T or fewer (redact-histogram). */
export function planHistogramAggregate(spec: Spec, o: PlanOptions): AggregatePlan {
  const metric = planMetric(sub(spec, 'metric'), o);
  const bins = obj(spec, 'bins');
  const range = optObj(spec, 'range');
  const binList = bins['bin_list'];
  const select = new SqlFragment('histogram', {
    source: o.tableOf(metric.id),
    nBins: bins['n_bins'] === null || bins['n_bins'] === undefined ? null : num(bins, 'n_bins'),
    edges: Array.isArray(binList) ? JSON.stringify(binList.map(Number)) : null,
    lower: range === null || Array.isArray(binList) ? null : num(range, 'lower_bound'),
    upper: range === null || Array.isArray(binList) ? null : num(range, 'upper_bound'),
  });
  return {
    nodeType: 'histogram_aggregate_unredacted',
    children: [metric],
    childFields: ['metric'],
    select,
    unit: NONSPATIAL_UNIT,
    expose: (source, threshold) => new SqlFragment('redact-histogram', { source, threshold }),
  };
}
