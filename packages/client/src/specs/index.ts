export * from './spec-fields.js';
export * from './location-specs.js';
export * from './metric-specs.js';
export * from './aggregate-specs.js';
export * from './aggregate-queries.js';
export * from './visit-specs.js';
export * from './reference-count-specs.js';
export * from './meaningful-location-specs.js';
