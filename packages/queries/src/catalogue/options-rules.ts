import { Messages } from '../messages.js';
import type { ErrorTree, Fields, Rule } from './types.js';

/**
 * Cross-field rules of the Tier 2 spec options, added by the validator to every kind that declares the fields, so
 * that kinds need not list them. FlowKit's make_spatial_unit: admin units join `mapping_table` on `id` and
 * `admin<n>pcod`; `lon-lat` needs a mapping table and a geometry table joined on `geom_table_join_column`.
 */
const spatialOptions: Rule = {
  name: 'spatial-options',
  needs: ['aggregation_unit', 'mapping_table', 'geom_table', 'geom_table_join_column'],
  check: (v) => {
    const errors: ErrorTree = {};
    const has = (k: string): boolean => v[k] !== null && v[k] !== undefined;
    if (v['aggregation_unit'] !== 'lon-lat') {
      if (has('geom_table')) errors['geom_table'] = [Messages.onlyLonLat];
      if (has('geom_table_join_column')) errors['geom_table_join_column'] = [Messages.onlyLonLat];
      return Object.keys(errors).length > 0 ? errors : undefined;
    }
    if (has('geom_table') && !has('geom_table_join_column'))
      errors['geom_table_join_column'] = [Messages.requiredWith('geom_table')];
    if (has('geom_table_join_column') && !has('geom_table'))
      errors['geom_table'] = [Messages.requiredWith('geom_table_join_column')];
    if (has('geom_table') && !has('mapping_table'))
      errors['mapping_table'] = [Messages.requiredWith('geom_table')];
    if (has('mapping_table') && !has('geom_table') && !has('geom_table_join_column'))
      errors['geom_table'] = [Messages.requiredWith('mapping_table')];
    return Object.keys(errors).length > 0 ? errors : undefined;
  },
};

/** The option rules that apply to a kind with these fields. */
export function optionRules(fields: Fields): Rule[] {
  return 'mapping_table' in fields && 'aggregation_unit' in fields ? [spatialOptions] : [];
}
