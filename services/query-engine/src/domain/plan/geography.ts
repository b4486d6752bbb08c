import { ADMIN_UNITS } from '@flowdeck/queries';
import { SqlFragment } from '../sql-fragment.js';
import { exposeColumns } from './aggregate-node.js';
import type { AggregatePlan, Spec } from './plan-types.js';
import { oneOf, str } from './spec-fields.js';

/** geography: pcod and name of every zone of an admin level (geometry only in the api's GeoJSON); no redaction. */
export function planGeography(spec: Spec): AggregatePlan {
  const unit = oneOf(str(spec, 'aggregation_unit'), ADMIN_UNITS, 'aggregation_unit');
  return {
    nodeType: 'geography_unredacted',
    children: [],
    childFields: [],
    select: new SqlFragment('geography-zones', { table: `geography.${unit}`, pcod: `${unit}pcod`, name: `${unit}name` }),
    unit,
    expose: exposeColumns(['pcod', 'name'], ['pcod']),
  };
}
