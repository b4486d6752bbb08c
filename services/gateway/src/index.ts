export { buildApp, type AppDeps, type GatewayApp } from './app.js';
export { gatewaySettings, gatewayLogLevel, maxRequestBytes, type GatewayConfig } from './config.js';
export { closeDeps, createDeps, waitForRedis, type Deps } from './deps.js';
export { startListeners, type RunningGateway, type StartListenersOptions } from './server.js';
export { GatewayError, GatewayErrorCode } from './errors.js';
