import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { resolveRequestId, type Logger } from '@flowdeck/log';
import type { RateLimiter } from './adapters/redis/rate-limiter.js';
import type { Upstream } from './adapters/upstream.js';
import { Listener } from './domain/listeners.js';
import { routeRequest, type RouteDecision } from './domain/route-request.js';
import { securityHeaders } from './domain/security-headers.js';
import { tokenSubject } from './domain/token-subject.js';
import { toClientHeaders } from './domain/client-headers.js';
import { toUpstreamHeaders } from './domain/upstream-headers.js';
import { badRequest, bodyTooLarge, notFound, tooManyRequests } from './errors.js';
import { clientAddress } from './http/client-address.js';
import { proxyRequest } from './http/proxy-request.js';
import { sendError } from './http/send-error.js';
import { serveHealth } from './http/serve-health.js';

/** What `buildApp` needs (a slice of `Deps`). */
export interface AppDeps {
  log: Logger;
  version: string;
  /** Whether the listeners serve TLS (X-Forwarded-Proto, HSTS). */
  tls: boolean;
  maxBodyBytes: number;
  rateLimiter: Pick<RateLimiter, 'check'>;
  upstreams: { api: Upstream; auth: Upstream; etl?: Upstream };
}

/** One request handler per listener; `etl` only when an ETL upstream is configured. */
export interface GatewayApp {
  api: RequestListener;
  auth: RequestListener;
  etl?: RequestListener;
}

/** Per-request facts for the access log. */
interface Exchange {
  requestId: string;
  srcIp: string;
  route: string;
  upstream: string | null;
  log: Logger;
}

/**
 * The gateway's request handlers. Order per request: request id and security headers; routing (400 for
 * non-origin-form targets); the gateway's own /health; rate limits (429, shared via Redis); 404 for unrouted paths
 * and /metrics; 413 from Content-Length; then the streaming proxy, which also enforces the body limit while reading.
 * One JSON access line per request (`http.access`), never with headers, cookies or the raw path.
 */
export function buildApp(deps: AppDeps): GatewayApp {
  const accessLog = deps.log.child({ module: 'access' });

  function handlerFor(listener: Listener): RequestListener {
    const security = securityHeaders(listener, { tls: deps.tls });
    return (req, res) => {
      const startedNs = process.hrtime.bigint();
      const requestId = resolveRequestId(req.headers['x-request-id']);
      const ex: Exchange = { requestId, srcIp: clientAddress(req), route: '(none)', upstream: null, log: deps.log.child({ reqId: requestId }) };
      res.setHeader('x-request-id', requestId);
      for (const [name, value] of Object.entries({ ...security.defaults, ...security.enforced })) res.setHeader(name, value);
      res.on('close', () => {
        accessLog.info(
          {
            request_id: requestId,
            listener,
            method: req.method,
            route: ex.route,
            // 499 (nginx): the client went away before a response head was sent.
            status: res.headersSent ? res.statusCode : 499,
            duration_ms: Number(process.hrtime.bigint() - startedNs) / 1e6,
            upstream: ex.upstream,
            src_ip: ex.srcIp,
            completed: res.writableFinished,
          },
          'http.access',
        );
      });
      handle(listener, req, res, ex, security).catch((err: unknown) => sendError(req, res, err, ex.log));
    };
  }

  async function handle(
    listener: Listener,
    req: IncomingMessage,
    res: ServerResponse,
    ex: Exchange,
    security: ReturnType<typeof securityHeaders>,
  ): Promise<void> {
    const route: RouteDecision = routeRequest(listener, req.url ?? '');
    ex.route = route.route;
    if (route.kind === 'bad_request') throw badRequest();
    if (route.kind === 'health' && (req.method === 'GET' || req.method === 'HEAD')) {
      await serveHealth(res, { version: deps.version, upstreams: deps.upstreams, requestId: ex.requestId });
      return;
    }
    const decision = await deps.rateLimiter.check({ subject: tokenSubject(req.headers.authorization), address: ex.srcIp });
    if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
    if (route.kind !== 'proxy') throw notFound();
    const upstream = deps.upstreams[route.upstream];
    if (upstream === undefined) throw notFound();
    const declaredBytes = Number(req.headers['content-length'] ?? 0);
    if (declaredBytes > deps.maxBodyBytes) throw bodyTooLarge();
    // Node leaves 100-continue to us (the server has a 'checkContinue' listener): only promise once checks passed.
    if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
    ex.upstream = upstream.name;
    proxyRequest(req, res, {
      upstream,
      path: route.path,
      headers: toUpstreamHeaders(req.headers, { requestId: ex.requestId, clientAddress: ex.srcIp, proto: deps.tls ? 'https' : 'http' }),
      maxBodyBytes: deps.maxBodyBytes,
      clientHeaders: (upstreamHeaders) => toClientHeaders(upstreamHeaders, { requestId: ex.requestId, ...security }),
      fail: (err) => sendError(req, res, err, ex.log),
    });
  }

  return {
    api: handlerFor(Listener.api),
    auth: handlerFor(Listener.auth),
    etl: deps.upstreams.etl !== undefined ? handlerFor(Listener.etl) : undefined,
  };
}
