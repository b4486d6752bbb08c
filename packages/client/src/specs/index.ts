export * from './spec-fields.js';
export * from './location-specs.js';
export * from './metric-specs.js';
export * from './aggregate-specs.js';
export * from './aggregate-queries.js';
