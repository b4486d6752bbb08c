import express, { type Express, type RequestHandler } from 'express';
import { pingFlowdb } from './adapters/postgres/flowdb-pool.js';
import type { Deps } from './deps.js';
import { routeNotFound } from './errors.js';
import { accessLog } from './http/middleware/access-log.js';
import { bodyLimit } from './http/middleware/body-limit.js';
import { cors } from './http/middleware/cors.js';
import { errorResponse } from './http/middleware/error-response.js';
import { requestId } from './http/middleware/request-id.js';
import { responseTimeout } from './http/middleware/response-timeout.js';
import { availableDatesRoute } from './http/routes/available-dates.js';
import { cancelRoute } from './http/routes/cancel.js';
import { geographyRoute } from './http/routes/geography.js';
import { getResultRoute } from './http/routes/get-result.js';
import { healthRoute } from './http/routes/health.js';
import { metricsRoute } from './http/routes/metrics.js';
import { pollRoute } from './http/routes/poll.js';
import { listQaChecksRoute, qaDateRangeRoute, qaOnDateRoute } from './http/routes/qa.js';
import { runRoute } from './http/routes/run.js';
import {
  buildSpecDocuments,
  openApiJsonRoute,
  openApiYamlRoute,
  REDOC_BUNDLE_PATH,
  redocBundleFile,
  redocBundleRoute,
  redocRoute,
} from './http/routes/spec.js';
import { requireToken as requireTokenStep } from './http/steps/require-token.js';

const MIB = 1024 * 1024;

/**
 * The api's express app (spec/api.md): request id → access log → CORS → response timeout → body limit → routes →
 * JSON 404 → the one error middleware. Opens no connection and starts no timer itself.
 */
export function buildApp(deps: Deps): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestId(deps.log));
  app.use(accessLog(deps.metrics));
  if (config.CORS_ORIGIN !== undefined) {
    app.use(cors(config.CORS_ORIGIN.split(',').map((s) => s.trim()).filter((s) => s !== '')));
  }
  app.use(responseTimeout(config.FLOWAPI_RESPONSE_TIMEOUT));
  app.use(bodyLimit(config.MAX_REQUEST_SIZE_MB * MIB));

  const requireToken: RequestHandler = requireTokenStep({
    keys: deps.keys,
    audience: config.FLOWAPI_IDENTIFIER,
    leewaySeconds: config.JWT_LEEWAY_SECONDS,
    now: deps.now,
    isRevoked: deps.revocations.isRevoked,
  });
  const { queries, dispatch, results, geography, availability } = deps;

  app.get('/', function root(_req, res) {
    res.status(200).end();
  });

  app.post(
    '/api/0/run',
    ...runRoute({ requireToken, maxBodyBytes: config.MAX_REQUEST_SIZE_MB * MIB, redactionThreshold: config.REDACTION_THRESHOLD, queries, dispatch }),
  );
  app.delete('/api/0/run/:query_id', ...cancelRoute({ requireToken, queries, dispatch }));
  app.get('/api/0/poll/:query_id', ...pollRoute({ requireToken, queries }));
  app.get('/api/0/get/:query_ref', ...getResultRoute({ requireToken, queries, results }));
  app.get('/api/0/geography/:aggregation_unit', ...geographyRoute({ requireToken, geography }));
  app.get('/api/0/available_dates', ...availableDatesRoute({ requireToken, availability }));
  app.get('/api/0/qa/', ...listQaChecksRoute({ requireToken, availability }));
  app.get('/api/0/qa/:cdr_type/:check_type', ...qaDateRangeRoute({ requireToken, availability }));
  app.get('/api/0/qa/:cdr_type/:check_type/:check_date', ...qaOnDateRoute({ requireToken, availability }));

  const docs = buildSpecDocuments({ version: deps.version, audience: config.FLOWAPI_IDENTIFIER });
  app.get('/api/0/spec/openapi.json', openApiJsonRoute(docs));
  app.get('/api/0/spec/openapi.yaml', openApiYamlRoute(docs));
  app.get('/api/0/spec/redoc', redocRoute(docs));
  app.get(REDOC_BUNDLE_PATH, redocBundleRoute(redocBundleFile()));

  app.get(
    '/health',
    healthRoute({
      version: deps.version,
      pingFlowdb: () => pingFlowdb(deps.pool),
      pingRedis: () => deps.dispatch.ping(),
      keys: deps.keys,
      revocationStatus: () => deps.revocations.status(),
    }),
  );
  if (config.METRICS_ENABLED) app.get('/metrics', metricsRoute(deps.metrics));

  app.use(function unknownRoute(_req, _res, next) {
    next(routeNotFound());
  });
  app.use(errorResponse(deps.metrics));
  return app;
}
