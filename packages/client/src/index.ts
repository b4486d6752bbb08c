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
export { connect, type ConnectParams } from './api/connect.js';
export {
  type CancelReply,
  type ConnectionOptions,
  type GeoJsonFeatureCollection,
  type Progress,
  type QueryStatus,
  type ResultKind,
  type ResultRow,
  type SpecBody,
  type WaitOptions,
} from './api/connection.js';
export { APIQuery } from './api/api-query.js';
export { FlowclientConnectionError, type FlowclientErrorCode } from './api/flowclient-connection-error.js';
export { createProgressReporter, progressLine, type ProgressReporter } from './api/progress-reporter.js';
export * from './specs/index.js';
export * from './synth/index.js';
export * from './swarm/index.js';
