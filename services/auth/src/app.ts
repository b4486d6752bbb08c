import express, { type Express } from 'express';
import type { Deps } from './deps.js';
import { accessLog } from './http/middleware/access-log.js';
import { requireCsrf } from './http/middleware/csrf.js';
import { errorResponse } from './http/middleware/error-response.js';
import { requestId } from './http/middleware/request-id.js';
import { notFoundRoute } from './http/middleware/route.js';
import { loadSession } from './http/middleware/session.js';
import { twoFactorGate } from './http/middleware/two-factor-gate.js';
import { healthRoutes } from './http/routes/health-routes.js';
import { signInRoutes } from './http/routes/sign-in-routes.js';
import { tokenRoutes } from './http/routes/token-routes.js';
import { roleRoutes } from './http/routes/role-routes.js';
import { serverRoutes } from './http/routes/server-routes.js';
import { userAdminRoutes } from './http/routes/user-admin-routes.js';
import { adminMiscRoutes } from './http/routes/admin-misc-routes.js';
import { publicKeyRoutes } from './http/routes/public-key-routes.js';
import { userSettingsRoutes } from './http/routes/user-settings-routes.js';
import { corsHeaders } from './http/middleware/cors.js';
import { metricsRoutes } from './http/routes/metrics-routes.js';
import { trustedProxies } from './http/trusted-proxies.js';
import { consoleAssets } from './http/console/console-assets.js';
import { twoFactorQrRoutes } from './http/console/two-factor-qr-routes.js';

/**
 * The auth HTTP app (auth.md): request id and access log, body parsing, session + CSRF, the 2FA set-up gate, the
 * routes, then 404 and the one error middleware.
 */
export function buildApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const proxies = trustedProxies(deps.config.FLOWAUTH_TRUSTED_PROXIES);
  if (proxies !== undefined) app.set('trust proxy', proxies);
  app.use(requestId(deps.log));
  app.use(accessLog(deps.metrics));
  if (deps.config.CORS_ORIGIN !== undefined) app.use(corsHeaders(deps.config.CORS_ORIGIN));
  // Routes that need no session.
  app.use(healthRoutes(deps));
  if (deps.config.METRICS_ENABLED) app.use(metricsRoutes(deps));
  app.use(publicKeyRoutes(deps));
  app.use(consoleAssets());
  app.use(express.json({ limit: Math.floor(deps.config.MAX_REQUEST_SIZE_MB * 1024 * 1024) }));
  app.use(loadSession(deps));
  app.use(requireCsrf(deps.config.SECRET_KEY));
  app.use(twoFactorGate);
  app.use(signInRoutes(deps));
  app.use(tokenRoutes(deps));
  app.use(roleRoutes(deps));
  app.use(serverRoutes(deps));
  app.use(userAdminRoutes(deps));
  app.use(adminMiscRoutes(deps));
  app.use(userSettingsRoutes(deps));
  app.use(twoFactorQrRoutes());
  app.use(notFoundRoute);
  app.use(errorResponse);
  return app;
}
