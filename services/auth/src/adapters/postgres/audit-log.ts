import { T, type Db } from './tables.js';

/** Audit actions of auth.md §11.3. */
export const AuditAction = {
  SigninSuccess: 'signin_success',
  SigninFailure: 'signin_failure',
  SigninRateLimited: 'signin_rate_limited',
  Signout: 'signout',
  TotpReplayRejected: 'totp_replay_rejected',
  BackupCodeUsed: 'backup_code_used',
  TwoFactorEnabled: 'two_factor_enabled',
  TwoFactorDisabled: 'two_factor_disabled',
  BackupCodesReset: 'backup_codes_reset',
  PasswordChanged: 'password_changed',
  TokenIssued: 'token_issued',
  TokenRenewed: 'token_renewed',
  TokenRevoked: 'token_revoked',
  UserCreated: 'user_created',
  UserUpdated: 'user_updated',
  UserDeleted: 'user_deleted',
  RoleCreated: 'role_created',
  RoleUpdated: 'role_updated',
  RoleDeleted: 'role_deleted',
  ServerCreated: 'server_created',
  ServerUpdated: 'server_updated',
  ServerDeleted: 'server_deleted',
  ScopesChanged: 'scopes_changed',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** Who did it and from where; built per request. */
export interface AuditContext {
  actor: string | null;
  sourceIp: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  targetType?: 'user' | 'role' | 'server' | 'token' | null;
  targetId?: number | string | null;
  /** Never tokens, passwords, codes or secrets. */
  detail?: Record<string, unknown>;
}

export async function appendAudit(db: Db, ctx: AuditContext, entry: AuditEntry, at: Date): Promise<void> {
  await db(T.audit).insert({
    at,
    actor: ctx.actor,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    source_ip: ctx.sourceIp,
    request_id: ctx.requestId,
    detail: JSON.stringify(entry.detail ?? {}),
  });
}

export interface AuditQuery {
  limit: number;
  beforeId?: number;
  actor?: string;
  action?: string;
  since?: Date;
  until?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  source_ip: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

/** Newest first; fetches one row more than `limit` so the caller knows whether a next page exists. */
export async function queryAudit(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  const b = db(T.audit).select('*').orderBy('id', 'desc').limit(q.limit + 1);
  if (q.beforeId !== undefined) b.where('id', '<', q.beforeId);
  if (q.actor !== undefined) b.where({ actor: q.actor });
  if (q.action !== undefined) b.where({ action: q.action });
  if (q.since !== undefined) b.where('at', '>=', q.since);
  if (q.until !== undefined) b.where('at', '<', q.until);
  const rows = (await b) as (Omit<AuditRow, 'id' | 'detail'> & { id: string | number; detail: unknown })[];
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    at: new Date(r.at),
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
  }));
}
