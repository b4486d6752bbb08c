import type { Request } from 'express';
import type { Logger } from '@flowdeck/log';
import type { User } from '../adapters/postgres/users.js';
import type { AuditContext } from '../adapters/postgres/audit-log.js';
import { loginRequired } from '../errors.js';

/** The signed-in session of a request. */
export interface SessionContext {
  /** sha256 hex of the session id (the key of flowauth.sessions). */
  idHash: string;
  user: User;
  twoFactorEnabled: boolean;
}

export interface RequestContext {
  requestId: string;
  log: Logger;
  startedAt: bigint;
  session?: SessionContext;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's documented way to type request fields.
  namespace Express {
    interface Request {
      ctx: RequestContext;
    }
  }
}

/** The signed-in session; throws 401 Login required. when there is none. */
export function sessionOf(req: Request): SessionContext {
  const s = req.ctx.session;
  if (!s) throw loginRequired();
  return s;
}

/** Who and where, for audit entries. */
export function auditContext(req: Request): AuditContext {
  return { actor: req.ctx.session?.user.username ?? null, sourceIp: req.ip ?? null, requestId: req.ctx.requestId };
}
