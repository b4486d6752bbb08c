export { QueryState, QUERY_STATE_DESCRIPTION, QUERY_QUEUE_NAME } from './query-state.js';
export { SpecParseError, SpecValidationError, QuerySpecErrorCode, validationMessage } from './errors.js';
export type {
  ErrorTree,
  KindDecl,
  FieldDecl,
  FieldType,
  Fields,
  Rule,
  UnitSource,
  KindRole,
} from './catalogue/types.js';
export { AGGREGATION_UNITS, NONSPATIAL, type AggregationUnit } from './catalogue/types.js';
export { CATALOGUE, TOP_LEVEL_KINDS, kindDecl, implementedOnly } from './catalogue/catalogue.js';
export { NESTING, slotKinds, type NestingSlot } from './catalogue/nesting.js';
export { EVENT_TYPES, STATISTICS } from './catalogue/common-fields.js';
export { Messages } from './messages.js';
export { parseQuerySpec, type ValidatedQuery } from './parse-query-spec.js';
export { validateSpec, type SpecValidation } from './validate-spec.js';
export { aggregationUnitOf } from './aggregation-unit.js';
export {
  requiredScopes,
  geographyScopes,
  scopeTriplets,
  sortScopes,
  SimpleScope,
  type ScopedAction,
} from './required-scopes.js';
export { publishedScopes, reachableKinds, unitEnum } from './published-scopes.js';
export { queryId, nodeId, jcs, QUERY_ID_PREFIX, NODE_ID_PREFIX } from './ids.js';
export { specNodeId } from './spec-node-id.js';
export {
  walkSubqueries,
  childSpecs,
  collectQueryKinds,
  type SubqueryVisit,
  type SpecPath,
} from './walk-subqueries.js';
export { dateDependencies, ownDateDependencies, type DateDependency } from './date-dependencies.js';
export { parseIsoInstant, canonicalDate, daysInRange } from './dates.js';
export { openApiSchemas } from './openapi-schemas.js';
export { DIRECTIONS, LOCATION_METHODS, ADMIN_UNITS } from './catalogue/common-fields.js';
export {
  JSA_METHODS,
  CONTINUOUS_METHODS,
  CATEGORICAL_METHODS,
  JOIN_TYPES,
  TOTAL_BY,
  AGGREGATE_BY,
  NETWORK_OBJECT_STATISTICS,
  EVENT_COUNT_INTERVALS,
} from './catalogue/kinds/aggregates.js';
export { HANDSET_CHARACTERISTICS } from './catalogue/kinds/metrics.js';
export { DAYS_OF_WEEK, UNKNOWN_LABEL } from './catalogue/kinds/meaningful-locations.js';
