import { Messages } from '../../messages.js';
import {
  ADMIN_UNITS,
  aggregationUnitField,
  dateRangeFields,
  directionField,
  LOC,
  startBeforeEnd,
} from '../common-fields.js';
import { slotKinds } from '../nesting.js';
import type { FieldDecl, KindDecl, Rule } from '../types.js';

/** Top-level kinds (spec/query-kinds.md §6.1, Tier 1). */

export const JSA_METHODS = ['avg', 'max', 'min', 'median', 'mode', 'stddev', 'variance', 'distr'] as const;
export const CONTINUOUS_METHODS = JSA_METHODS.filter((m) => m !== 'distr');
export const CATEGORICAL_METHODS = ['distr'] as const;
export const JOIN_TYPES = ['inner', 'full outer', 'left', 'right', 'left outer', 'right outer'] as const;
export const TOTAL_BY = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;
export const AGGREGATE_BY = [...TOTAL_BY, 'century'] as const;
export const NETWORK_OBJECT_STATISTICS = [
  'avg',
  'max',
  'min',
  'median',
  'mode',
  'stddev',
  'variance',
] as const;
export const EVENT_COUNT_INTERVALS = ['day', 'hour', 'min'] as const;

const aggregateLocationsField: FieldDecl = {
  spec: { type: 'query', kinds: slotKinds('aggregateLocations') },
  required: true,
  description: 'Per-subscriber locations to aggregate.',
};

export const spatialAggregate: KindDecl = {
  kind: 'spatial_aggregate',
  schemaName: 'SpatialAggregateSchema',
  tier: 1,
  topLevel: true,
  role: 'aggregate',
  description: 'Subscribers per zone.',
  fields: { locations: aggregateLocationsField },
  unit: { from: 'nested', field: 'locations' },
  dateSource: { dates: 'none' },
};

/** JSA `method` must suit the metric: continuous metrics take statistics, categorical ones `distr`. */
const methodSuitsMetric: Rule = {
  name: 'method-suits-metric',
  needs: ['metric', 'method'],
  check: (v, ctx) => {
    const metric = v['metric'] as Record<string, unknown>;
    const type = ctx.declOf(String(metric['query_kind']))?.metricType ?? 'continuous';
    const allowed: readonly string[] = type === 'categorical' ? CATEGORICAL_METHODS : CONTINUOUS_METHODS;
    return allowed.includes(String(v['method'])) ? undefined : { method: [Messages.oneOf(allowed)] };
  },
};

export const joinedSpatialAggregate: KindDecl = {
  kind: 'joined_spatial_aggregate',
  schemaName: 'JoinedSpatialAggregateSchema',
  tier: 1,
  topLevel: true,
  role: 'aggregate',
  description: 'Per-zone statistic (or distribution) of a per-subscriber metric joined to their locations.',
  fields: {
    locations: aggregateLocationsField,
    metric: {
      spec: { type: 'query', kinds: slotKinds('joinedMetrics') },
      required: true,
      description: 'Per-subscriber metric.',
    },
    method: {
      spec: { type: 'enum', values: JSA_METHODS },
      required: true,
      description: 'Statistic for continuous metrics; distr for categorical ones.',
    },
  },
  unit: { from: 'nested', field: 'locations' },
  rules: [methodSuitsMetric],
  dateSource: { dates: 'none' },
};

const flowLocation = (description: string): FieldDecl => ({
  spec: { type: 'query', kinds: slotKinds('flowLocations') },
  required: true,
  description,
});

export const sameFlowUnits: Rule = {
  name: 'same-flow-units',
  needs: ['from_location', 'to_location'],
  check: (v, ctx) =>
    ctx.unitOf(v['from_location'] as Record<string, unknown>) ===
    ctx.unitOf(v['to_location'] as Record<string, unknown>)
      ? undefined
      : { _schema: [Messages.flowsUnits] },
};

function flowsLike(kind: string, schemaName: string, description: string): KindDecl {
  return {
    kind,
    schemaName,
    tier: 1,
    topLevel: true,
    role: 'aggregate',
    description,
    fields: {
      from_location: flowLocation('Origin locations.'),
      to_location: flowLocation('Destination locations.'),
      join_type: {
        spec: { type: 'enum', values: JOIN_TYPES },
        nullable: true,
        default: 'inner',
        description: 'Join of origin and destination subscribers (default inner).',
      },
    },
    unit: { from: 'nested', field: 'from_location' },
    rules: [sameFlowUnits],
    dateSource: { dates: 'none' },
  };
}

export const flows = flowsLike('flows', 'FlowsSchema', 'Subscribers moving between each pair of zones.');
export const inflows = flowsLike(
  'inflows',
  'InflowsSchema',
  'Subscribers arriving in each zone (summed over origins).',
);
export const outflows = flowsLike(
  'outflows',
  'OutflowsSchema',
  'Subscribers leaving each zone (summed over destinations).',
);

function rangeAggregate(
  kind: string,
  schemaName: string,
  description: string,
  extra: KindDecl['fields'] = {},
): KindDecl {
  return {
    kind,
    schemaName,
    tier: 1,
    topLevel: true,
    role: 'aggregate',
    description,
    fields: { ...dateRangeFields, aggregation_unit: aggregationUnitField, ...extra, ...LOC },
    unit: { from: 'field', field: 'aggregation_unit' },
    rules: [startBeforeEnd],
    dateSource: { dates: 'range' },
  };
}

export const uniqueSubscriberCounts = rangeAggregate(
  'unique_subscriber_counts',
  'UniqueSubscriberCountsSchema',
  'Distinct subscribers per zone.',
);
export const locationIntroversion = rangeAggregate(
  'location_introversion',
  'LocationIntroversionSchema',
  'Share of interactions with both parties in the zone.',
  { direction: directionField },
);
export const totalNetworkObjects = rangeAggregate(
  'total_network_objects',
  'TotalNetworkObjectsSchema',
  'Distinct active cells per zone and period.',
  {
    total_by: {
      spec: { type: 'enum', values: TOTAL_BY },
      nullable: true,
      default: 'day',
      description: 'Period length (default day).',
    },
  },
);

/** Default `aggregate_by`: one level above the child's `total_by`. */
function aggregateByDefault(siblings: Record<string, unknown>): string {
  const child = siblings['total_network_objects'] as Record<string, unknown> | undefined;
  const index = AGGREGATE_BY.indexOf(String(child?.['total_by'] ?? 'day') as (typeof AGGREGATE_BY)[number]);
  return AGGREGATE_BY[Math.min(index + 1, AGGREGATE_BY.length - 1)] ?? 'month';
}

export const aggregateNetworkObjects: KindDecl = {
  kind: 'aggregate_network_objects',
  schemaName: 'AggregateNetworkObjectsSchema',
  tier: 1,
  topLevel: true,
  role: 'aggregate',
  description: 'Statistic of the active-cell counts over longer periods.',
  fields: {
    total_network_objects: {
      spec: { type: 'query', kinds: slotKinds('networkObjects') },
      required: true,
      description: 'Active-cell counts to aggregate.',
    },
    statistic: {
      spec: { type: 'enum', values: NETWORK_OBJECT_STATISTICS },
      required: true,
      description: 'Statistic over the periods.',
    },
    aggregate_by: {
      spec: { type: 'enum', values: AGGREGATE_BY },
      nullable: true,
      default: aggregateByDefault,
      description: 'Aggregation period (default one level above total_by).',
    },
  },
  unit: { from: 'nested', field: 'total_network_objects' },
  dateSource: { dates: 'none' },
};

export const locationEventCounts = rangeAggregate(
  'location_event_counts',
  'LocationEventCountsSchema',
  'Events per zone and time bucket.',
  {
    interval: {
      spec: { type: 'enum', values: EVENT_COUNT_INTERVALS },
      required: true,
      description: 'day, hour or min.',
    },
    direction: directionField,
  },
);

const binsRules: Rule[] = [
  {
    name: 'bins-only-one',
    needs: ['n_bins', 'bin_list'],
    check: (v) =>
      v['n_bins'] != null && v['bin_list'] != null ? { _schema: [Messages.binsBoth] } : undefined,
  },
  {
    name: 'bins-at-least-one',
    needs: ['n_bins', 'bin_list'],
    check: (v) =>
      v['n_bins'] == null && v['bin_list'] == null ? { _schema: [Messages.binsNeither] } : undefined,
  },
];

export const histogramAggregate: KindDecl = {
  kind: 'histogram_aggregate',
  schemaName: 'HistogramAggregateSchema',
  tier: 1,
  topLevel: true,
  role: 'aggregate',
  description: 'Histogram of a per-subscriber metric.',
  fields: {
    metric: {
      spec: { type: 'query', kinds: slotKinds('histogramMetrics') },
      required: true,
      description: 'Per-subscriber metric.',
    },
    bins: {
      spec: {
        type: 'object',
        name: 'HistogramBins',
        fields: {
          n_bins: {
            spec: { type: 'int', min: 1 },
            nullable: true,
            description: 'Number of equal-width bins.',
          },
          bin_list: {
            spec: { type: 'list', items: { type: 'number' }, minLength: 2 },
            nullable: true,
            description: 'Bin edges.',
          },
        },
        rules: binsRules,
      },
      required: true,
      description: 'Exactly one of n_bins or bin_list.',
    },
    range: {
      spec: {
        type: 'object',
        name: 'Bounds',
        fields: {
          lower_bound: { spec: { type: 'number' }, required: true },
          upper_bound: { spec: { type: 'number' }, required: true },
        },
        rules: [
          {
            name: 'range-order',
            needs: ['lower_bound', 'upper_bound'],
            check: (v) =>
              Number(v['lower_bound']) < Number(v['upper_bound'])
                ? undefined
                : { _schema: [Messages.rangeOrder] },
          },
        ],
      },
      nullable: true,
      description: 'Value range of the bins (default: the metric range).',
    },
  },
  unit: { from: 'none' },
  dateSource: { dates: 'none' },
};

export const geography: KindDecl = {
  kind: 'geography',
  schemaName: 'GeographySchema',
  tier: 1,
  topLevel: true,
  role: 'aggregate',
  description: 'Zones of an admin unit (pcod, name; geometry in GeoJSON).',
  fields: {
    aggregation_unit: {
      spec: { type: 'enum', values: ADMIN_UNITS },
      required: true,
      description: 'Admin level.',
    },
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  dateSource: { dates: 'none' },
};

export const tripsOdMatrix = rangeAggregate(
  'trips_od_matrix',
  'TripsODMatrixSchema',
  'Subscribers who visited both zones.',
);
export const consecutiveTripsOdMatrix = rangeAggregate(
  'consecutive_trips_od_matrix',
  'ConsecutiveTripsODMatrixSchema',
  'Subscribers with consecutive visits to both zones.',
);

export const aggregateKinds: readonly KindDecl[] = [
  spatialAggregate,
  joinedSpatialAggregate,
  flows,
  inflows,
  outflows,
  uniqueSubscriberCounts,
  locationIntroversion,
  totalNetworkObjects,
  aggregateNetworkObjects,
  locationEventCounts,
  histogramAggregate,
  geography,
  tripsOdMatrix,
  consecutiveTripsOdMatrix,
];
