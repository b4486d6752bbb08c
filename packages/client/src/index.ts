export { Connection, type PollStatus, type ResultFormat } from './api/connection.js';
export { AuthSession, type ServerLimits } from './auth/auth-admin-client.js';
export { HttpStatusError } from './http/errors.js';
export { requestHttp, type HttpRequestOptions, type HttpResponse } from './http/request.js';
