import { Messages } from '../../messages.js';
import {
  aggregationUnitField,
  dateRangeFields,
  LOC,
  LOCATION_METHODS,
  samplingField,
  startBeforeEnd,
} from '../common-fields.js';
import { slotKinds } from '../nesting.js';
import type { KindDecl } from '../types.js';

/** Reference-location sub-kinds (spec/query-kinds.md §6.2): per-subscriber, never top level. */

export const dailyLocation: KindDecl = {
  kind: 'daily_location',
  schemaName: 'DailyLocationSchema',
  tier: 1,
  topLevel: false,
  role: 'location',
  description: 'One location per subscriber on `date`: last event, or most frequent (ties → latest event).',
  fields: {
    date: { spec: { type: 'date' }, required: true, description: 'Day to locate subscribers on.' },
    aggregation_unit: aggregationUnitField,
    method: {
      spec: { type: 'enum', values: LOCATION_METHODS },
      required: true,
      description: 'last or most-common.',
    },
    ...LOC,
    sampling: samplingField,
  },
  unit: { from: 'field', field: 'aggregation_unit' },
  dateSource: { dates: 'single', field: 'date' },
};

export const modalLocation: KindDecl = {
  kind: 'modal_location',
  schemaName: 'ModalLocationSchema',
  tier: 1,
  topLevel: false,
  role: 'location',
  description: 'Most common of the daily locations (ties → the latest day).',
  fields: {
    locations: {
      spec: {
        type: 'list',
        items: { type: 'query', kinds: slotKinds('modalLocations') },
        minLength: 1,
        order: 'node-id',
      },
      required: true,
      description: 'Daily locations, all with the same aggregation_unit.',
    },
    sampling: samplingField,
  },
  unit: { from: 'list', field: 'locations' },
  rules: [
    {
      name: 'same-unit',
      needs: ['locations'],
      check: (v, ctx) => {
        const units = new Set((v['locations'] as Record<string, unknown>[]).map((l) => ctx.unitOf(l)));
        return units.size > 1 ? { locations: { _schema: [Messages.mixedUnits] } } : undefined;
      },
    },
  ],
  dateSource: { dates: 'none' },
};

/** FlowKit samples every reference location but unique_locations (its schema has no `sampling`). */
function rangeLocation(kind: string, schemaName: string, description: string, sampled = true): KindDecl {
  return {
    kind,
    schemaName,
    tier: 1,
    topLevel: false,
    role: 'location',
    description,
    fields: {
      ...dateRangeFields,
      aggregation_unit: aggregationUnitField,
      ...LOC,
      ...(sampled ? { sampling: samplingField } : {}),
    },
    unit: { from: 'field', field: 'aggregation_unit' },
    rules: [startBeforeEnd],
    dateSource: { dates: 'range' },
  };
}

export const mostFrequentLocation = rangeLocation(
  'most_frequent_location',
  'MostFrequentLocationSchema',
  'Location with most events in the period (ties → latest event).',
);
export const visitedMostDays = rangeLocation(
  'visited_most_days',
  'VisitedMostDaysSchema',
  'Location seen on the most distinct days (ties → more events, then latest).',
);
export const uniqueLocations = rangeLocation(
  'unique_locations',
  'UniqueLocationsSchema',
  'Every distinct location of each subscriber in the period.',
  false,
);

export const locationKinds: readonly KindDecl[] = [
  dailyLocation,
  modalLocation,
  mostFrequentLocation,
  visitedMostDays,
  uniqueLocations,
];
