export { Connection, type PollStatus, type ResultFormat } from './api/connection.js';
export { AuthSession, type ServerLimits } from './auth/auth-admin-client.js';
export { HttpStatusError } from './http/errors.js';
export { requestHttp, type HttpRequestOptions, type HttpResponse } from './http/request.js';
export { localLayout, type LocalLayout } from './local/layout.js';
export { ensureLocalDatabases } from './local/local-databases.js';
export { ensureLocalSecrets, type LocalSecrets } from './local/local-secrets.js';
export {
  DEFAULT_PORTS,
  healthReport,
  runFlowdbMigrations,
  serviceDefinitions,
  startServices,
  stopServices,
  waitUntilHealthy,
  type HealthReport,
  type PlatformOptions,
  type PlatformPorts,
} from './local/local-platform.js';
export { provisionAccess, type ProvisionOptions } from './local/provision-access.js';
export { expectedDays, waitForIngest } from './local/wait-for-ingest.js';
