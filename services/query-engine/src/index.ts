export { engineSettings, workerCapacity, type EngineConfig } from './config.js';
export { createDeps, closeDeps, startBackground, type Deps, type CreateDepsOptions } from './deps.js';
export { buildApp } from './app.js';
export { runQuery, type RunOutcome, type RunQueryDeps } from './jobs/run-query.js';
export { planQuery, planInternalNode, PlanError, type PlanOptions } from './domain/plan-query.js';
export type { PlanNode, DateDependency } from './domain/plan-node.js';
export { ABANDONED_MESSAGE, maxRunDurationMessage } from './domain/failure-message.js';
export { EngineKeys } from './keys.js';
