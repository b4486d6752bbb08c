import type { FieldDecl, Fields, KindDecl } from '../types.js';
import {
  dateRangeFields,
  directionField,
  eventTypesField,
  hoursField,
  hoursObject,
  MET,
  samplingField,
  startBeforeEnd,
  statisticField,
  subscriberSubsetField,
} from '../common-fields.js';
import { slotKinds } from '../nesting.js';

/**
 * Per-subscriber metrics (spec/query-kinds.md §6.3): output `subscriber`, `value`; never top level. Every Tier 1
 * metric takes `sampling`, as FlowKit's schemas derive from BaseQueryWithSamplingSchema.
 */

function metric(
  kind: string,
  schemaName: string,
  description: string,
  fields: Fields,
  extra: Partial<Pick<KindDecl, 'metricType' | 'defaultEventTypes'>> = {},
): KindDecl {
  return {
    kind,
    schemaName,
    tier: 1,
    topLevel: false,
    role: 'metric',
    description,
    fields: { ...dateRangeFields, ...fields, sampling: samplingField },
    unit: { from: 'none' },
    rules: [startBeforeEnd],
    dateSource: { dates: 'range' },
    metricType: extra.metricType ?? 'continuous',
    ...(extra.defaultEventTypes ? { defaultEventTypes: extra.defaultEventTypes } : {}),
  };
}

export const HANDSET_CHARACTERISTICS = [
  'hnd_type',
  'brand',
  'model',
  'software_os_name',
  'software_os_vendor',
] as const;

export const radiusOfGyration = metric(
  'radius_of_gyration',
  'RadiusOfGyrationSchema',
  'Radius of gyration in km, from event locations (cell points).',
  { ...MET },
);
export const eventCount = metric('event_count', 'EventCountSchema', 'Number of events.', {
  direction: directionField,
  ...MET,
});
export const subscriberDegree = metric(
  'subscriber_degree',
  'SubscriberDegreeSchema',
  'Distinct counterparts (calls, sms).',
  { direction: directionField, ...MET },
);
export const handset = metric(
  'handset',
  'HandsetSchema',
  'Handset characteristic (categorical: JSA distr only).',
  {
    characteristic: {
      spec: { type: 'enum', values: HANDSET_CHARACTERISTICS },
      nullable: true,
      default: 'hnd_type',
      description: 'Handset characteristic (default hnd_type).',
    },
    method: {
      spec: { type: 'enum', values: ['last'] },
      nullable: true,
      default: 'last',
      description: 'Which handset of the period (default last).',
    },
    ...MET,
  },
  { metricType: 'categorical' },
);

const topupFields: Fields = {
  statistic: statisticField,
  subscriber_subset: subscriberSubsetField,
  hours: hoursField,
};
export const topupAmount = metric(
  'topup_amount',
  'TopUpAmountSchema',
  'Statistic of recharge_amount.',
  topupFields,
  { defaultEventTypes: ['topups'] },
);
export const topupBalance = metric(
  'topup_balance',
  'TopUpBalanceSchema',
  'Statistic of post_event_balance.',
  topupFields,
  { defaultEventTypes: ['topups'] },
);

const nightHoursField: FieldDecl = {
  spec: hoursObject('NightHours'),
  required: true,
  description: 'Night window {start_hour, end_hour} (UTC hours).',
};
export const nocturnalEvents = metric(
  'nocturnal_events',
  'NocturnalEventsSchema',
  'Percentage (0–100) of events in night hours.',
  { night_hours: nightHoursField, event_types: eventTypesField, subscriber_subset: subscriberSubsetField },
);
export const displacement = metric(
  'displacement',
  'DisplacementSchema',
  'Statistic of km from the reference location.',
  {
    statistic: statisticField,
    reference_location: {
      spec: { type: 'query', kinds: slotKinds('displacementReference'), units: ['lon-lat'] },
      required: true,
      description: 'Reference location (unit lon-lat).',
    },
    ...MET,
  },
);
export const paretoInteractions = metric(
  'pareto_interactions',
  'ParetoInteractionsSchema',
  'Counterparts accounting for `proportion` of interactions.',
  {
    proportion: {
      spec: { type: 'number', min: 0, max: 1 },
      required: true,
      description: 'Proportion (0–1).',
    },
    ...MET,
  },
);

export const metricKinds: readonly KindDecl[] = [
  radiusOfGyration,
  eventCount,
  subscriberDegree,
  handset,
  topupAmount,
  topupBalance,
  nocturnalEvents,
  displacement,
  paretoInteractions,
];
