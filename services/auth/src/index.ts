export { buildApp } from './app.js';
export { authSettings, checkAuthConfig, type AuthConfig } from './config.js';
export { closeDeps, createDeps, type CreateDepsOptions, type Deps } from './deps.js';
export { ensureAdmin, initialiseDatabase, MIGRATIONS_DIR, MIGRATIONS_TABLE } from './actions/start-up.js';
export { reencryptFromSettings, reencryptSettings, reencryptStoredValues, type ReencryptReport } from './actions/reencrypt.js';
export { SessionJanitor } from './lifecycle/session-janitor.js';
