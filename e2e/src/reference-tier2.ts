import type { Locations, RefWorld, Row, Spec } from './reference-kinds.js';
import { meaningfulReferences } from './reference-meaningful.js';
import { referenceCountReferences } from './reference-counts.js';
import { visitReferences } from './reference-visits.js';

/**
 * Reference computations of the Tier 2 kinds, one module per family, merged here so that reference-kinds.ts can
 * dispatch to them. Each module uses the Tier 1 building blocks exported by reference-kinds.ts (the import cycle is
 * harmless: nothing is called while the modules load).
 */
export interface ReferenceFamily {
  /** Top-level kinds → exposed rows under threshold T. */
  results: Readonly<Record<string, (world: RefWorld, spec: Spec, T: number) => Row[]>>;
  /** Location sub-kinds → locations per subscriber. */
  locations: Readonly<Record<string, (world: RefWorld, spec: Spec) => Locations>>;
  /** Metrics → value per subscriber. */
  metrics: Readonly<Record<string, (world: RefWorld, spec: Spec) => Map<string, number | string | null>>>;
}

// A function, not a constant: whichever module of the cycle loads first, the families exist by the time it is called.
const families = (): readonly ReferenceFamily[] => [visitReferences, referenceCountReferences, meaningfulReferences];

/** Looked up at call time, after every module has loaded. */
export const TIER2_REFERENCES: ReferenceFamily = {
  get results() {
    return Object.assign({}, ...families().map((f) => f.results));
  },
  get locations() {
    return Object.assign({}, ...families().map((f) => f.locations));
  },
  get metrics() {
    return Object.assign({}, ...families().map((f) => f.metrics));
  },
};
