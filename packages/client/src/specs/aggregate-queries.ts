import type { APIQuery } from '../api/api-query.js';
import type { Connection } from '../api/connection.js';
import {
  aggregateNetworkObjectsSpec,
  consecutiveTripsOdMatrixSpec,
  flowsSpec,
  geographySpec,
  histogramAggregateSpec,
  inflowsSpec,
  joinedSpatialAggregateSpec,
  locationEventCountsSpec,
  locationIntroversionSpec,
  outflowsSpec,
  spatialAggregateSpec,
  totalNetworkObjectsSpec,
  tripsOdMatrixSpec,
  uniqueSubscriberCountsSpec,
} from './aggregate-specs.js';
import type { QuerySpec } from './spec-fields.js';

/**
 * FlowClient's `aggregates.py` query functions: `spatialAggregate({ connection, locations })` builds the spec and
 * returns an unstarted `APIQuery` on `connection` (call `run()` or `getResult()`).
 */
export function bound<P>(build: (params: P) => QuerySpec): (args: P & { connection: Connection }) => APIQuery {
  return ({ connection, ...params }) => connection.makeApiQuery(build(params as P));
}

export const spatialAggregate = bound(spatialAggregateSpec);
export const joinedSpatialAggregate = bound(joinedSpatialAggregateSpec);
/** Alias of `joinedSpatialAggregate`. */
export const jointSpatialAggregate = joinedSpatialAggregate;
export const flows = bound(flowsSpec);
export const inflows = bound(inflowsSpec);
export const outflows = bound(outflowsSpec);
export const uniqueSubscriberCounts = bound(uniqueSubscriberCountsSpec);
export const locationIntroversion = bound(locationIntroversionSpec);
export const totalNetworkObjects = bound(totalNetworkObjectsSpec);
export const aggregateNetworkObjects = bound(aggregateNetworkObjectsSpec);
export const locationEventCounts = bound(locationEventCountsSpec);
export const histogramAggregate = bound(histogramAggregateSpec);
export const geography = bound(geographySpec);
export const tripsOdMatrix = bound(tripsOdMatrixSpec);
export const consecutiveTripsOdMatrix = bound(consecutiveTripsOdMatrixSpec);
