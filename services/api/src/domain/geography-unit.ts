import { validationMessage } from '@flowdeck/queries';
import { invalidAggregationUnit } from '../errors.js';

export const GEOGRAPHY_UNITS = ['admin0', 'admin1', 'admin2', 'admin3'] as const;
export type GeographyUnit = (typeof GEOGRAPHY_UNITS)[number];

/**
 * Validates the unit of `GET /api/0/geography/<unit>` (spec/api.md §7); throws the 400 with FlowKit's validation
 * layout otherwise (FlowKit answers 500 here).
 */
export function checkGeographyUnit(value: string): GeographyUnit {
  if ((GEOGRAPHY_UNITS as readonly string[]).includes(value)) return value as GeographyUnit;
  const params = { aggregation_unit: value };
  const errors = { aggregation_unit: [`Must be one of: ${GEOGRAPHY_UNITS.join(', ')}.`] };
  throw invalidAggregationUnit(validationMessage(params, errors), { params, orig_error_msg: errors });
}
