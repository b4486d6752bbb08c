import type { Deps } from '../deps.js';
import type { Db } from '../adapters/postgres/tables.js';
import { appendAudit, type AuditContext, type AuditEntry } from '../adapters/postgres/audit-log.js';

/** Appends an audit entry (in `db`, which may be the caller's transaction). */
export async function recordAudit(deps: Pick<Deps, 'db' | 'now'>, ctx: AuditContext, entry: AuditEntry, db: Db = deps.db): Promise<void> {
  await appendAudit(db, ctx, entry, deps.now());
}
