import type { InvalidSpecCase } from './invalid-specs.js';

/** Invalid specs of a Tier 2 family (one per kind or option), with the error-tree path naming the bad field. */
export function invalidMeaningfulSpecs(): InvalidSpecCase[] {
  return [];
}
