import { readFileSync } from 'node:fs';
import type { Logger } from '@flowdeck/log';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Knex } from 'knex';
import { isCdrType } from '../../domain/cdr-types.js';
import { credentialsMatch, type AdminCredentials } from './admin-credentials.js';
import { addDays, dateWindow, isIsoDate } from './dates.js';
import type { EtlMetrics } from './etl-metrics.js';
import { groupAttempts } from './group-attempts.js';
import { LoginLimiter } from './login-limiter.js';
import { dayHistory, dayQa, finishedAttempts, latestStates, recordedDateRange } from './monitor-queries.js';
import { SessionSigner, type MonitorSession } from './session-signer.js';
import { calendarPage } from './views/calendar-page.js';
import { dayPage } from './views/day-page.js';
import { loginPage } from './views/login-page.js';

export interface MonitorOptions {
  db: Knex;
  log: Logger;
  /** The monitor's login; unset = every /monitor path answers 503 (the monitor is disabled). */
  admin?: AdminCredentials;
  /** Unset = no /metrics route (METRICS_ENABLED=false). */
  metrics?: EtlMetrics;
  /** Epoch milliseconds; default Date.now. */
  now?: () => number;
  /** HMAC key of the session cookie; default random per process. */
  sessionKey?: Buffer;
  /** Default 8 hours. */
  sessionTtlSeconds?: number;
  /** Default 10 failures per source address and 100 overall per 900 s. */
  loginLimits?: { maxFailuresPerSource?: number; maxFailuresTotal?: number; windowSeconds?: number };
}

export interface Monitor {
  /** First middleware of the app: counts every request in flowdeck_http_requests_total (no-op without metrics). */
  countRequests: RequestHandler;
  /** `/metrics` and every `/monitor` route. */
  router: Router;
}

export const SESSION_COOKIE = 'flowdeck_etl_monitor';
const DEFAULT_DAYS = 31;
const MAX_DAYS = 92;
const CHART_DAYS = 30;
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const STYLESHEET = readFileSync(new URL('../../../static/monitor.css', import.meta.url), 'utf8');

/** Route template of a finished request, never the raw path. */
function routeTemplate(req: Request, res: Response): string {
  const fixed = res.locals.routeTemplate as string | undefined;
  if (fixed !== undefined) return fixed;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** A local monitor path to go back to after signing in; anything else becomes `/monitor`. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/monitor(?:[/?]|$)/.test(v) && !/[\\\s]/.test(v) ? v : '/monitor';
}

const isHttps = (req: Request): boolean => req.secure || req.get('x-forwarded-proto') === 'https';

/**
 * The ETL monitor (spec/deployment.md §2.2): a sign-in form checked against FLOWETL_AIRFLOW_ADMIN_USERNAME /
 * _PASSWORD, a signed session cookie, a calendar of dates by type and latest state, one page per day with its
 * attempts and QA outcomes, an ingest throughput chart, JSON twins under /monitor/api, and `/metrics`.
 * Pages are rendered on the server and carry no script; the CSP allows only the monitor's own stylesheet.
 */
export function createMonitor(o: MonitorOptions): Monitor {
  const now = o.now ?? Date.now;
  const router = express.Router();
  const metrics = o.metrics;

  const countRequests: RequestHandler = (req, res, next) => {
    if (!metrics) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      metrics.observeRequest({
        route: routeTemplate(req, res),
        method: req.method,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
    next();
  };

  if (metrics) {
    router.get('/metrics', async (_req, res) => {
      const { contentType, text } = await metrics.exposition();
      res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(text);
    });
  }

  router.use('/monitor', (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts, which sameOrigin refuses.
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    next();
  });

  router.get('/monitor/static/monitor.css', (_req, res) => {
    res.set('Cache-Control', 'private, max-age=300').type('text/css').send(STYLESHEET);
  });

  const admin = o.admin;
  if (!admin) {
    router.use('/monitor', (_req, res) => {
      res.locals.routeTemplate = '/monitor/*';
      res
        .status(503)
        .type('text/plain')
        .send('The ETL monitor is disabled: set FLOWETL_AIRFLOW_ADMIN_USERNAME and FLOWETL_AIRFLOW_ADMIN_PASSWORD.\n');
    });
    return { countRequests, router };
  }

  const ttl = o.sessionTtlSeconds ?? 8 * 3600;
  const sessions = new SessionSigner({ key: o.sessionKey, ttlSeconds: ttl, now });
  const limiter = new LoginLimiter({
    maxFailuresPerSource: o.loginLimits?.maxFailuresPerSource ?? 10,
    maxFailuresTotal: o.loginLimits?.maxFailuresTotal ?? 100,
    windowSeconds: o.loginLimits?.windowSeconds ?? 900,
    now,
  });

  /** Refuses cross-site form posts: an Origin header, when sent, must be this host. */
  const sameOrigin: RequestHandler = (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== undefined && host === req.get('host')) return next();
    res.status(403).type('text/plain').send('Cross-site request refused.\n');
  };

  const requireSession: RequestHandler = (req, res, next) => {
    const session = sessions.verify(readCookie(req, SESSION_COOKIE));
    if (session) {
      res.locals.session = session;
      return next();
    }
    if (req.originalUrl.startsWith('/monitor/api/')) {
      res.status(401).json({ msg: 'Sign in at /monitor/login first.' });
      return;
    }
    res.redirect(303, `/monitor/login?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
  };

  const session = (res: Response): MonitorSession => res.locals.session as MonitorSession;

  router.get('/monitor/login', (req, res) => {
    if (sessions.verify(readCookie(req, SESSION_COOKIE))) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    res.type('html').send(loginPage({ next: safeNext(req.query.next) }));
  });

  router.post('/monitor/login', sameOrigin, express.urlencoded({ extended: false, limit: '8kb' }), (req, res) => {
    const source = req.socket.remoteAddress ?? 'unknown';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const wait = limiter.retryAfter(source);
    if (wait !== undefined) {
      o.log.warn({ src_ip: source, retryAfter: wait }, 'monitor.login_rate_limited');
      res
        .status(429)
        .set('Retry-After', String(wait))
        .type('html')
        .send(loginPage({ next, error: `Too many failed sign-ins. Try again in ${wait} s.` }));
      return;
    }
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!credentialsMatch(admin, { username, password })) {
      limiter.recordFailure(source);
      o.log.warn({ src_ip: source }, 'monitor.login_failed');
      res.status(401).type('html').send(loginPage({ next, error: 'Invalid username or password.' }));
      return;
    }
    limiter.recordSuccess(source);
    const cookie = sessions.issue(username);
    res.cookie(SESSION_COOKIE, cookie.value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttps(req),
      path: '/monitor',
      maxAge: ttl * 1000,
      encode: (v) => v,
    });
    o.log.info({ src_ip: source, user: username }, 'monitor.login');
    res.redirect(303, next);
  });

  router.post('/monitor/logout', sameOrigin, (req, res) => {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/monitor' });
    res.redirect(303, '/monitor/login');
  });

  /** The calendar window of a request: `end` (default: the latest date with history, else today) and `days`. */
  async function window(req: Request): Promise<{ end: string; days: number; dates: string[] }> {
    const daysParam = Number(req.query.days);
    const days = Number.isInteger(daysParam) && daysParam >= 1 && daysParam <= MAX_DAYS ? daysParam : DEFAULT_DAYS;
    const end = isIsoDate(req.query.end) ? req.query.end : ((await recordedDateRange(o.db))?.last ?? new Date(now()).toISOString().slice(0, 10));
    return { end, days, dates: dateWindow(end, days) };
  }

  const chartSince = (): Date => new Date(now() - CHART_DAYS * 86_400_000);

  router.get('/monitor', requireSession, async (req, res) => {
    const w = await window(req);
    const [states, attempts] = await Promise.all([latestStates(o.db, w.dates[0]!, w.end), finishedAttempts(o.db, chartSince())]);
    res.type('html').send(
      calendarPage({
        dates: w.dates,
        states,
        attempts,
        chartSinceDays: CHART_DAYS,
        earlier: `end=${addDays(w.dates[0]!, -1)}&days=${w.days}`,
        later: `end=${addDays(w.end, w.days)}&days=${w.days}`,
        signedInAs: session(res).username,
      }),
    );
  });

  /** Validated `:cdrType/:cdrDate`, or undefined after answering 404. */
  function dayParams(req: Request, res: Response, json: boolean): { cdrType: Parameters<typeof dayHistory>[1]; cdrDate: string } | undefined {
    const { cdrType, cdrDate } = req.params as { cdrType: string; cdrDate: string };
    if (isCdrType(cdrType) && isIsoDate(cdrDate)) return { cdrType, cdrDate };
    if (json) res.status(404).json({ msg: 'Unknown CDR type or date.' });
    else res.status(404).type('text/plain').send('Unknown CDR type or date.\n');
    return undefined;
  }

  router.get('/monitor/day/:cdrType/:cdrDate', requireSession, async (req, res) => {
    const p = dayParams(req, res, false);
    if (!p) return;
    const [records, qa] = await Promise.all([dayHistory(o.db, p.cdrType, p.cdrDate), dayQa(o.db, p.cdrType, p.cdrDate)]);
    res.type('html').send(dayPage({ ...p, records, attempts: groupAttempts(records), qa, signedInAs: session(res).username }));
  });

  router.get('/monitor/api/calendar', requireSession, async (req, res) => {
    const w = await window(req);
    const states = await latestStates(o.db, w.dates[0]!, w.end);
    res.json({
      from: w.dates[0],
      to: w.end,
      states: states.map((s) => ({ cdr_type: s.cdrType, cdr_date: s.cdrDate, state: s.state, timestamp: s.timestamp.toISOString() })),
    });
  });

  router.get('/monitor/api/days/:cdrType/:cdrDate', requireSession, async (req, res) => {
    const p = dayParams(req, res, true);
    if (!p) return;
    const [records, qa] = await Promise.all([dayHistory(o.db, p.cdrType, p.cdrDate), dayQa(o.db, p.cdrType, p.cdrDate)]);
    res.json({
      cdr_type: p.cdrType,
      cdr_date: p.cdrDate,
      records: records.map((r) => ({
        id: r.id,
        state: r.state,
        timestamp: r.timestamp.toISOString(),
        file_name: r.fileName,
        file_sha256: r.fileSha256,
        row_count: r.rowCount,
        message: r.message,
        job_id: r.jobId,
      })),
      attempts: groupAttempts(records).map((a) => ({
        state: a.state,
        started_at: a.startedAt.toISOString(),
        finished_at: a.finishedAt?.toISOString() ?? null,
        queued_seconds: a.queuedSeconds ?? null,
        run_seconds: a.runSeconds ?? null,
        row_count: a.rowCount,
        rows_per_second: a.rowsPerSecond ?? null,
        file_name: a.fileName,
        message: a.message,
      })),
      qa: qa.map((q) => ({ check: q.check, outcome: q.outcome, timestamp: q.timestamp.toISOString() })),
    });
  });

  router.get('/monitor/api/throughput', requireSession, async (_req, res) => {
    const attempts = await finishedAttempts(o.db, chartSince());
    res.json({
      attempts: attempts.map((a) => ({
        cdr_type: a.cdrType,
        cdr_date: a.cdrDate,
        state: a.state,
        finished_at: a.finishedAt.toISOString(),
        seconds: a.seconds,
        row_count: a.rowCount,
        rows_per_second: a.state === 'ingested' && a.seconds > 0 && a.rowCount !== null ? a.rowCount / a.seconds : null,
      })),
    });
  });

  router.use('/monitor', (_req: Request, res: Response, next: NextFunction) => {
    res.locals.routeTemplate = 'unmatched';
    next();
  });

  return { countRequests, router };
}
