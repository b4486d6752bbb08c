export { createLogger, toPinoLevel, type CreateLoggerOptions, type Logger } from './create-logger.js';
export { Redactor, REDACTED } from './redact.js';
export { resolveRequestId } from './request-id.js';
