import { T, type Db } from './tables.js';

export interface AccessReviewRow {
  user_id: number;
  username: string;
  is_admin: boolean;
  server_id: number;
  server_name: string;
  role_id: number;
  role_name: string;
  role_latest_token_expiry: Date | null;
  role_longest_token_life_minutes: number;
  active_tokens: number;
  latest_active_token_expiry: Date | null;
}

/**
 * One row per (user, server, role) (auth.md §11.4), sorted by username, server, role. Active tokens are the
 * user's unrevoked, unexpired tokens on that server that carry the role.
 */
export async function accessReview(db: Db, opts: { serverId?: number; now: Date }): Promise<AccessReviewRow[]> {
  const active = db(`${T.tokens} as t`)
    .join(`${T.tokenRoles} as tr`, 'tr.token_id', 't.id')
    .whereNull('t.revoked_at')
    .where('t.expiry', '>', opts.now)
    .select('t.user_id', 'tr.role_id')
    .count({ n: '*' })
    .max({ latest: 't.expiry' })
    .groupBy('t.user_id', 'tr.role_id')
    .as('a');
  const q = db(`${T.usersWithRoles} as ur`)
    .join(`${T.users} as u`, 'u.id', 'ur.user_id')
    .join(`${T.roles} as r`, 'r.id', 'ur.role_id')
    .join(`${T.servers} as s`, 's.id', 'r.server_id')
    .leftJoin(active, function () {
      this.on('a.user_id', '=', 'ur.user_id').andOn('a.role_id', '=', 'ur.role_id');
    })
    .select(
      { user_id: 'u.id' },
      'u.username',
      'u.is_admin',
      { server_id: 's.id', server_name: 's.name', role_id: 'r.id', role_name: 'r.name' },
      { role_latest_token_expiry: 'r.latest_token_expiry', role_longest_token_life_minutes: 'r.longest_token_life_minutes' },
      { active_tokens: 'a.n', latest_active_token_expiry: 'a.latest' },
    )
    .orderBy([{ column: 'u.username' }, { column: 's.name' }, { column: 'r.name' }]);
  if (opts.serverId !== undefined) q.where('s.id', opts.serverId);
  const rows = (await q) as (Omit<AccessReviewRow, 'active_tokens'> & { active_tokens: string | number | null })[];
  return rows.map((r) => ({
    ...r,
    active_tokens: Number(r.active_tokens ?? 0),
    role_latest_token_expiry: r.role_latest_token_expiry === null ? null : new Date(r.role_latest_token_expiry),
    latest_active_token_expiry: r.latest_active_token_expiry === null ? null : new Date(r.latest_active_token_expiry),
  }));
}
