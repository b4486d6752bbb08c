import {
  aggregationUnitField,
  dateRangeFields,
  LOC,
  samplingField,
  MET,
  startBeforeEnd,
  startDateField,
} from '../common-fields.js';
import { slotKinds, type NestingSlot } from '../nesting.js';
import type { FieldDecl, KindDecl, Rule } from '../types.js';

/**
 * Tier 2 counts against reference locations and the Tier 2 metrics (spec/query-kinds.md §6.1, §6.3), plus the
 * operational kinds dfs_metric_total_amount and dummy_query.
 */

/** Messages of the cross-field rules below (FlowKit raises `Spatial unit mismatch.` when it builds the query). */
export const ReferenceCountMessages = {
  unitMismatch: 'Spatial unit mismatch.',
  visitorDates:
    'active_at_reference_location_counts.unique_locations and unique_subscriber_counts must have the same start_date and end_date.',
} as const;

export const DFS_METRICS = ['amount', 'commission', 'fee', 'discount'] as const;
export const PERIOD_UNITS = ['days', 'hours', 'minutes'] as const;

const nested = (slot: NestingSlot, description: string): FieldDecl => ({
  spec: { type: 'query', kinds: slotKinds(slot) },
  required: true,
  description,
});

/** The nested specs in `fields` must share one aggregation unit. */
function sameUnit(fields: readonly string[]): Rule {
  return {
    name: `same-unit-${fields.join('-')}`,
    needs: fields,
    check: (v, ctx) => {
      const units = new Set(fields.map((f) => ctx.unitOf(v[f] as Record<string, unknown>)));
      return units.size > 1 ? { _schema: [ReferenceCountMessages.unitMismatch] } : undefined;
    },
  };
}

/** unique_visitor_counts subtracts two counts: they must describe the same period. */
const sameVisitorDates: Rule = {
  name: 'same-visitor-dates',
  needs: ['active_at_reference_location_counts', 'unique_subscriber_counts'],
  check: (v) => {
    const active = v['active_at_reference_location_counts'] as Record<string, unknown>;
    const locations = active['unique_locations'] as Record<string, unknown>;
    const unique = v['unique_subscriber_counts'] as Record<string, unknown>;
    return locations['start_date'] === unique['start_date'] && locations['end_date'] === unique['end_date']
      ? undefined
      : { _schema: [ReferenceCountMessages.visitorDates] };
  },
};

function countKind(
  kind: string,
  schemaName: string,
  description: string,
  fields: KindDecl['fields'],
  unitField: string,
  rules: readonly Rule[] = [],
): KindDecl {
  return {
    kind,
    schemaName,
    tier: 2,
    topLevel: true,
    role: 'aggregate',
    description,
    fields,
    unit: { from: 'nested', field: unitField },
    ...(rules.length > 0 ? { rules } : {}),
    dateSource: { dates: 'none' },
  };
}

export const activeAtReferenceLocationCounts = countKind(
  'active_at_reference_location_counts',
  'ActiveAtReferenceLocationCountsSchema',
  'Subscribers per reference zone who were also seen in that zone during the unique_locations period.',
  {
    reference_locations: nested('referenceLocations', 'Reference location of each subscriber.'),
    unique_locations: nested('uniqueLocations', 'Locations each subscriber was seen at.'),
  },
  'unique_locations',
  [sameUnit(['reference_locations', 'unique_locations'])],
);

export const uniqueVisitorCounts = countKind(
  'unique_visitor_counts',
  'UniqueVisitorCountsSchema',
  'Per zone, distinct subscribers seen there minus those whose reference location it is and who were active there.',
  {
    active_at_reference_location_counts: nested(
      'activeAtReferenceLocationCounts',
      'Residents active at home.',
    ),
    unique_subscriber_counts: nested('uniqueSubscriberCounts', 'All distinct subscribers per zone.'),
  },
  'unique_subscriber_counts',
  [sameUnit(['active_at_reference_location_counts', 'unique_subscriber_counts']), sameVisitorDates],
);

export const unmovingAtReferenceLocationCounts = countKind(
  'unmoving_at_reference_location_counts',
  'UnmovingAtReferenceLocationCountsSchema',
  'Subscribers per reference zone who were seen only in that zone.',
  {
    locations: nested('uniqueLocations', 'Locations each subscriber was seen at.'),
    reference_locations: nested('referenceLocations', 'Reference location of each subscriber.'),
  },
  'locations',
  [sameUnit(['locations', 'reference_locations'])],
);

export const unmovingCounts = countKind(
  'unmoving_counts',
  'UnmovingCountsSchema',
  'Subscribers per zone who were seen in that zone only.',
  { locations: nested('uniqueLocations', 'Locations each subscriber was seen at.') },
  'locations',
);

export const referenceCountKinds: readonly KindDecl[] = [
  uniqueVisitorCounts,
  activeAtReferenceLocationCounts,
  unmovingAtReferenceLocationCounts,
  unmovingCounts,
];

export const dfsMetricTotalAmount: KindDecl = {
  kind: 'dfs_metric_total_amount',
  schemaName: 'DFSTotalMetricAmountSchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description:
    'Per zone and UTC day, the total of a digital financial services metric (no redaction: money totals).',
  fields: {
    metric: {
      spec: { type: 'enum', values: DFS_METRICS },
      required: true,
      description: 'Transaction column to total.',
    },
    ...dateRangeFields,
    aggregation_unit: aggregationUnitField,
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  rules: [startBeforeEnd],
  // DFS transactions are not CDR partitions: nothing for the ingest-driven invalidation to track.
  dateSource: { dates: 'none' },
};

export const dummyQuery: KindDecl = {
  kind: 'dummy_query',
  schemaName: 'DummyQuerySchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description: 'Test-only query with no output that takes `dummy_delay` seconds.',
  fields: {
    aggregation_unit: aggregationUnitField,
    dummy_param: { spec: { type: 'string' }, required: true, description: 'Any string (changes the id).' },
    dummy_delay: {
      spec: { type: 'int', min: 0, max: 3600 },
      nullable: true,
      default: 0,
      description: 'Seconds to sleep while running (default 0).',
    },
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  dateSource: { dates: 'none' },
};

/** `NODE_ENV` without assuming Node's globals (the package also runs in browsers). */
function nodeEnv(): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return g.process?.env?.['NODE_ENV'];
}

/** dfs_metric_total_amount, dummy_query (the latter only when NODE_ENV=test, so production never publishes it). */
export const operationalKinds: readonly KindDecl[] = [
  dfsMetricTotalAmount,
  ...(nodeEnv() === 'test' ? [dummyQuery] : []),
];

export const uniqueLocationCounts: KindDecl = {
  kind: 'unique_location_counts',
  schemaName: 'UniqueLocationCountsSchema',
  tier: 2,
  topLevel: false,
  role: 'metric',
  description: 'Number of distinct locations of each subscriber in the period.',
  fields: { ...dateRangeFields, aggregation_unit: aggregationUnitField, ...LOC, sampling: samplingField },
  unit: { from: 'field', field: 'aggregation_unit' },
  rules: [startBeforeEnd],
  dateSource: { dates: 'range' },
  metricType: 'continuous',
};

const positiveInt = (description: string, extra: Partial<FieldDecl> = {}): FieldDecl => ({
  spec: { type: 'int', min: 1, max: 100_000 },
  description,
  ...extra,
});

export const totalActivePeriods: KindDecl = {
  kind: 'total_active_periods',
  schemaName: 'TotalActivePeriodsSchema',
  tier: 2,
  topLevel: false,
  role: 'metric',
  description:
    'Number of consecutive periods, from start_date, in which each subscriber has at least one event.',
  fields: {
    start_date: startDateField,
    total_periods: positiveInt('Number of periods.', { required: true }),
    period_length: positiveInt('Length of a period in period_unit (default 1).', {
      nullable: true,
      default: 1,
    }),
    period_unit: {
      spec: { type: 'enum', values: PERIOD_UNITS },
      nullable: true,
      default: 'days',
      description: 'Unit of period_length (default days).',
    },
    ...MET,
  },
  unit: { from: 'none' },
  dateSource: { dates: 'periods' },
  metricType: 'continuous',
};

/** unique_location_counts, total_active_periods. */
export const tier2MetricKinds: readonly KindDecl[] = [uniqueLocationCounts, totalActivePeriods];
