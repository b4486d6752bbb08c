import { Messages } from '../../messages.js';
import { samplingField } from '../common-fields.js';
import { slotKinds, type NestingSlot } from '../nesting.js';
import type { FieldDecl, KindDecl, Rule } from '../types.js';
import { JOIN_TYPES, sameFlowUnits } from './aggregates.js';

/**
 * Tier 2 visit-based kinds (spec/query-kinds.md §6.1, §6.2): the top-level labelled aggregates and the
 * per-subscriber location_visits, majority_location, coalesced_location and mobility_classification.
 */

/** FlowKit's messages for coalesced_location's unit checks (spec/query-kinds.md §2 is silent on them). */
export const VisitMessages = {
  fallbackUnit: 'fallback_location must have the same aggregation_unit as preferred_location',
  weightsUnit: 'subscriber_location_weights must have the same aggregation_unit as fallback_location',
} as const;

const nested = (slot: NestingSlot, description: string): FieldDecl => ({
  spec: { type: 'query', kinds: slotKinds(slot) },
  required: true,
  description,
});

const nestedList = (slot: NestingSlot, order: 'node-id' | 'as-given', description: string): FieldDecl => ({
  spec: { type: 'list', items: { type: 'query', kinds: slotKinds(slot) }, minLength: 1, order },
  required: true,
  description,
});

/** Every item of a list of sub-queries has the same aggregation unit. */
const sameUnitList: Rule = {
  name: 'same-unit',
  needs: ['locations'],
  check: (v, ctx) => {
    const units = new Set((v['locations'] as Record<string, unknown>[]).map((l) => ctx.unitOf(l)));
    return units.size > 1 ? { locations: { _schema: [Messages.mixedUnits] } } : undefined;
  },
};

export const locationVisits: KindDecl = {
  kind: 'location_visits',
  schemaName: 'LocationVisitsSchema',
  tier: 2,
  topLevel: false,
  role: 'location',
  description:
    'Per subscriber and location, the number of the listed daily/modal locations placing them there.',
  fields: {
    locations: nestedList('locationVisitsLocations', 'node-id', 'Daily or modal locations, same unit.'),
    sampling: samplingField,
  },
  unit: { from: 'list', field: 'locations' },
  rules: [sameUnitList],
  dateSource: { dates: 'none' },
};

export const majorityLocation: KindDecl = {
  kind: 'majority_location',
  schemaName: 'MajorityLocationSchema',
  tier: 2,
  topLevel: false,
  role: 'location',
  description:
    'Location holding more than half of a subscriber’s visit weight (NULL when none, if requested).',
  fields: {
    subscriber_location_weights: nested(
      'subscriberLocationWeights',
      'Location visits weighting the locations.',
    ),
    include_unlocatable: {
      spec: { type: 'bool' },
      nullable: true,
      default: false,
      description: 'Also return subscribers without a majority, with a NULL location (default false).',
    },
    sampling: samplingField,
  },
  unit: { from: 'nested', field: 'subscriber_location_weights' },
  dateSource: { dates: 'none' },
};

/** preferred_location, fallback_location and subscriber_location_weights share one unit (FlowKit's check). */
const coalescedUnits: Rule = {
  name: 'coalesced-units',
  needs: ['preferred_location', 'fallback_location', 'subscriber_location_weights'],
  check: (v, ctx) => {
    const unit = (field: string): string => ctx.unitOf(v[field] as Record<string, unknown>);
    const errors: Record<string, string[]> = {};
    if (unit('fallback_location') !== unit('preferred_location'))
      errors['fallback_location'] = [VisitMessages.fallbackUnit];
    if (unit('subscriber_location_weights') !== unit('fallback_location')) {
      errors['subscriber_location_weights'] = [VisitMessages.weightsUnit];
    }
    return Object.keys(errors).length > 0 ? errors : undefined;
  },
};

export const coalescedLocation: KindDecl = {
  kind: 'coalesced_location',
  schemaName: 'CoalescedLocationSchema',
  tier: 2,
  topLevel: false,
  role: 'location',
  description:
    'Preferred majority location, else the fallback majority location if the subscriber visited it at least weight_threshold times.',
  fields: {
    preferred_location: nested('coalescedPreference', 'Majority location used first.'),
    fallback_location: nested(
      'coalescedPreference',
      'Majority location used when the preferred one is missing or NULL.',
    ),
    subscriber_location_weights: nested(
      'subscriberLocationWeights',
      'Location visits filtering the fallback.',
    ),
    weight_threshold: {
      spec: { type: 'int' },
      required: true,
      description: 'Minimum visits to the fallback location for it to be used.',
    },
    sampling: samplingField,
  },
  unit: { from: 'nested', field: 'preferred_location' },
  rules: [coalescedUnits],
  dateSource: { dates: 'none' },
};

/** Labels of mobility_classification, in the order they are assigned (spec/query-kinds.md §6.2). */
export const MOBILITY_LABELS = [
  'unlocated',
  'irregular',
  'not_always_locatable',
  'mobile',
  'stable',
] as const;

export const mobilityClassification: KindDecl = {
  kind: 'mobility_classification',
  schemaName: 'MobilityClassificationSchema',
  tier: 2,
  topLevel: false,
  role: 'location',
  description: `Mobility label per subscriber active in the last period: ${MOBILITY_LABELS.join(', ')}.`,
  fields: {
    locations: nestedList(
      'mobilityClassificationLocations',
      'as-given',
      'Coalesced locations, oldest period first.',
    ),
    stay_length_threshold: {
      spec: { type: 'int' },
      required: true,
      description: 'Consecutive periods at one location needed to be stable.',
    },
    sampling: samplingField,
  },
  unit: { from: 'list', field: 'locations' },
  rules: [sameUnitList],
  dateSource: { dates: 'none' },
};

export const labelledSpatialAggregate: KindDecl = {
  kind: 'labelled_spatial_aggregate',
  schemaName: 'LabelledSpatialAggregateSchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description: 'Subscribers per zone and mobility label; zones with any label count ≤ T are dropped whole.',
  fields: {
    locations: nested('labelledLocations', 'Per-subscriber locations.'),
    labels: nested('labels', 'Per-subscriber labels.'),
  },
  unit: { from: 'nested', field: 'locations' },
  dateSource: { dates: 'none' },
};

export const labelledFlows: KindDecl = {
  kind: 'labelled_flows',
  schemaName: 'LabelledFlowsSchema',
  tier: 2,
  topLevel: true,
  role: 'aggregate',
  description:
    'Subscribers per (from, to) zone pair and mobility label; pairs with any label count ≤ T are dropped whole.',
  fields: {
    from_location: nested('labelledLocations', 'Origin locations.'),
    to_location: nested('labelledLocations', 'Destination locations.'),
    labels: nested('labels', 'Per-subscriber labels.'),
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

/** labelled_spatial_aggregate, labelled_flows (catalogue order). */
export const visitAggregateKinds: readonly KindDecl[] = [labelledSpatialAggregate, labelledFlows];

/** location_visits, majority_location, coalesced_location, mobility_classification (catalogue order). */
export const visitLocationKinds: readonly KindDecl[] = [
  locationVisits,
  majorityLocation,
  coalescedLocation,
  mobilityClassification,
];
