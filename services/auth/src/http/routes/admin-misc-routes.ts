import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { revokeTokenById } from '../../actions/renew-token.js';
import { accessReview } from '../../adapters/postgres/access-review.js';
import { queryAudit } from '../../adapters/postgres/audit-log.js';
import { latestExpiryByKid, listTokens } from '../../adapters/postgres/tokens.js';
import { toCsv } from '../../domain/csv.js';
import { formatIsoMicros, formatIsoMicrosOrNull, parseIsoDateTime } from '../../domain/datetime.js';
import { parseId } from '../../domain/request-fields.js';
import { tokenToDict } from '../../domain/views.js';
import { badField, notFound } from '../../errors.js';
import { requireAdmin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';
import { auditContext } from '../request-context.js';
import { publicKeyPem } from './public-key-routes.js';

const ACCESS_REVIEW_COLUMNS = [
  'user_id',
  'username',
  'is_admin',
  'server_id',
  'server_name',
  'role_id',
  'role_name',
  'role_latest_token_expiry',
  'role_longest_token_life_minutes',
  'active_tokens',
  'latest_active_token_expiry',
] as const;

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function queryInt(req: Request, name: string, opts: { min: number; max?: number }): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < opts.min || (opts.max !== undefined && n > opts.max)) {
    throw badField(name, `${name} must be an integer${opts.max === undefined ? ` of at least ${opts.min}` : ` from ${opts.min} to ${opts.max}`}`);
  }
  return n;
}

function queryDate(req: Request, name: string): Date | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  const d = parseIsoDateTime(v);
  if (!d) throw badField(name, `${name} must be an ISO 8601 date-time with a time zone`);
  return d;
}

/** auth.md §8, §11: public keys, all tokens, admin revocation, audit log, access review (admin). */
export function adminMiscRoutes(deps: Deps): Router {
  const router = Router();

  route(router, '/admin/public_key', {
    get: [requireAdmin, (_req: Request, res: Response) => void res.json({ public_key: publicKeyPem(deps.signingKeys[0]!) })],
  });

  route(router, '/admin/public_keys', {
    get: [
      requireAdmin,
      async (_req: Request, res: Response) => {
        const latest = await latestExpiryByKid(deps.db);
        res.json({
          public_keys: deps.signingKeys.map((k, i) => ({ kid: k.kid, public_key: publicKeyPem(k), signing: i === 0, latest_exp: latest.get(k.kid) ?? null })),
        });
      },
    ],
  });

  route(router, '/admin/tokens', {
    get: [requireAdmin, async (_req: Request, res: Response) => void res.json((await listTokens(deps.db)).map((t) => tokenToDict(t)))],
  });

  route(router, '/admin/tokens/:tokenId/revoke', {
    post: [
      requireAdmin,
      async (req: Request, res: Response) => {
        const tokenId = parseId(req.params.tokenId as string);
        if (tokenId === undefined) throw notFound('Token');
        res.json(await revokeTokenById(deps, { tokenId }, auditContext(req)));
      },
    ],
  });

  route(router, '/admin/audit_log', {
    get: [
      requireAdmin,
      async function auditLog(req: Request, res: Response) {
        const limit = queryInt(req, 'limit', { min: 1, max: 1000 }) ?? 100;
        const rows = await queryAudit(deps.db, {
          limit,
          beforeId: queryInt(req, 'before_id', { min: 1 }),
          actor: queryString(req, 'actor'),
          action: queryString(req, 'action'),
          since: queryDate(req, 'since'),
          until: queryDate(req, 'until'),
        });
        const page = rows.slice(0, limit);
        res.json({
          entries: page.map((r) => ({
            id: r.id,
            at: formatIsoMicros(r.at),
            actor: r.actor,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id !== null && /^\d+$/.test(r.target_id) ? Number(r.target_id) : r.target_id,
            source_ip: r.source_ip,
            request_id: r.request_id,
            detail: r.detail,
          })),
          next_before_id: rows.length > limit ? page[page.length - 1]!.id : null,
        });
      },
    ],
  });

  route(router, '/admin/access_review', {
    get: [
      requireAdmin,
      async function review(req: Request, res: Response) {
        const serverId = queryInt(req, 'server_id', { min: 1 });
        const rows = (await accessReview(deps.db, { serverId, now: deps.now() })).map((r) => ({
          ...r,
          role_latest_token_expiry: formatIsoMicrosOrNull(r.role_latest_token_expiry),
          latest_active_token_expiry: formatIsoMicrosOrNull(r.latest_active_token_expiry),
        }));
        if (queryString(req, 'format') === 'csv') {
          res.type('text/csv').send(toCsv(ACCESS_REVIEW_COLUMNS, rows));
          return;
        }
        res.json(rows);
      },
    ],
  });
  return router;
}
