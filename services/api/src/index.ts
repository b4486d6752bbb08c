export { buildApp } from './app.js';
export { apiSettings, apiLogLevel, type ApiConfig } from './config.js';
export { createDeps, closeDeps, apiVersion, type Deps, type CreateDepsOptions } from './deps.js';
