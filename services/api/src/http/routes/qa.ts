import type { Request, RequestHandler } from 'express';
import { SimpleScope } from '@flowdeck/tokens';
import type { AvailabilityStore } from '../../adapters/postgres/availability-store.js';
import { parseIsoDate } from '../../domain/iso-date.js';
import { qaNotFound, unparseableDates } from '../../errors.js';
import { requireScopes } from '../steps/require-scopes.js';

const queryParam = (req: Request, name: string): string | undefined => {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
};
const pathParam = (req: Request, name: string): string => (req.params as Record<string, string>)[name] ?? '';

/** Parsed QA range of `?start_date&end_date` (400 when either is missing or not YYYY-MM-DD). */
function rangeOf(req: Request): { startDate: string; endDate: string } {
  const rawStart = queryParam(req, 'start_date');
  const rawEnd = queryParam(req, 'end_date');
  const startDate = parseIsoDate(rawStart);
  const endDate = parseIsoDate(rawEnd);
  if (startDate === undefined || endDate === undefined) throw unparseableDates([rawStart, rawEnd]);
  return { startDate, endDate };
}

function checkDateOf(req: Request): string {
  const raw = pathParam(req, 'check_date');
  const date = parseIsoDate(raw);
  if (date === undefined) throw unparseableDates([raw]);
  return date;
}

const requireQaScope = (): RequestHandler => requireScopes(() => [SimpleScope.GetQaChecks]);

/** GET /api/0/qa/ (and /api/0/qa): every (cdr_type, check) with an outcome. */
export function listQaChecksRoute(deps: { requireToken: RequestHandler; availability: AvailabilityStore }): RequestHandler[] {
  return [
    deps.requireToken,
    requireQaScope(),
    async function listQaChecks(_req, res) {
      const rows = await deps.availability.qaCheckTypes();
      res.json(rows.map((r) => ({ cdr_type: r.cdrType, type_of_query_or_check: r.check })));
    },
  ];
}

/** GET /api/0/qa/:cdr_type/:check_type?start_date&end_date: outcomes in the inclusive range. */
export function qaDateRangeRoute(deps: { requireToken: RequestHandler; availability: AvailabilityStore }): RequestHandler[] {
  return [
    deps.requireToken,
    function parseRange(req, _res, next) {
      rangeOf(req);
      next();
    },
    requireQaScope(),
    async function answerQaRange(req, res) {
      const { startDate, endDate } = rangeOf(req);
      const cdrType = pathParam(req, 'cdr_type');
      const check = pathParam(req, 'check_type');
      const rows = await deps.availability.qaOutcomes({ cdrType, check, startDate, endDate });
      if (rows.length === 0) throw qaNotFound(`No qa checks found for ${cdrType}, ${check} between ${startDate} and ${endDate}`);
      res.json(rows.map((r) => ({ cdr_date: r.cdrDate, type_of_query_or_check: r.check, outcome: r.outcome })));
    },
  ];
}

/** GET /api/0/qa/:cdr_type/:check_type/:check_date: the outcome as plain text. */
export function qaOnDateRoute(deps: { requireToken: RequestHandler; availability: AvailabilityStore }): RequestHandler[] {
  return [
    deps.requireToken,
    function parseCheckDate(req, _res, next) {
      checkDateOf(req);
      next();
    },
    requireQaScope(),
    async function answerQaOnDate(req, res) {
      const date = checkDateOf(req);
      const cdrType = pathParam(req, 'cdr_type');
      const check = pathParam(req, 'check_type');
      const rows = await deps.availability.qaOutcomes({ cdrType, check, startDate: date, endDate: date });
      const row = rows[0];
      if (row === undefined) throw qaNotFound(`No qa checks found for ${cdrType}, ${check} on ${date}`);
      res.status(200).type('text/plain; charset=utf-8').send(row.outcome ?? '');
    },
  ];
}
