import type { ReferenceFamily } from './reference-tier2.js';

/** Reference computations of a Tier 2 family (see reference-tier2.ts), written from the spec, never from the SQL. */
export const referenceCountReferences: ReferenceFamily = { results: {}, locations: {}, metrics: {} };
