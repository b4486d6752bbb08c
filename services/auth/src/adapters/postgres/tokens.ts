import { T, type Db } from './tables.js';

export interface TokenRecord {
  id: number;
  name: string;
  tokenEnc: string;
  jti: string;
  issuedAt: Date;
  expiry: Date;
  revokedAt: Date | null;
  renewedFromId: number | null;
  signingKid: string;
  userId: number;
  username: string;
  serverId: number;
  serverName: string;
  roles: { id: number | null; name: string }[];
}

interface TokenRow {
  id: number;
  name: string;
  token_enc: string;
  jti: string;
  issued_at: Date;
  expiry: Date;
  revoked_at: Date | null;
  renewed_from_id: number | null;
  signing_kid: string;
  user_id: number;
  username: string;
  server_id: number;
  server_name: string;
}

export async function insertToken(
  db: Db,
  t: {
    name: string;
    tokenEnc: string;
    jti: string;
    issuedAt: Date;
    expiry: Date;
    signingKid: string;
    userId: number;
    serverId: number;
    renewedFromId?: number | null;
    roles: readonly { id: number | null; name: string }[];
  },
): Promise<number> {
  const [row] = (await db(T.tokens)
    .insert({
      name: t.name,
      token_enc: t.tokenEnc,
      jti: t.jti,
      issued_at: t.issuedAt,
      expiry: t.expiry,
      signing_kid: t.signingKid,
      user_id: t.userId,
      server_id: t.serverId,
      renewed_from_id: t.renewedFromId ?? null,
    })
    .returning('id')) as { id: number }[];
  const id = row!.id;
  if (t.roles.length > 0) await db(T.tokenRoles).insert(t.roles.map((r) => ({ token_id: id, role_id: r.id, role_name: r.name })));
  return id;
}

/** Token records (optionally of one user and/or server, or one id), with their roles, sorted by id. */
export async function listTokens(db: Db, filter: { userId?: number; serverId?: number; id?: number } = {}): Promise<TokenRecord[]> {
  const q = db(`${T.tokens} as t`)
    .join(`${T.users} as u`, 'u.id', 't.user_id')
    .join(`${T.servers} as s`, 's.id', 't.server_id')
    .select('t.*', 'u.username', { server_name: 's.name' })
    .orderBy('t.id');
  if (filter.userId !== undefined) q.where('t.user_id', filter.userId);
  if (filter.serverId !== undefined) q.where('t.server_id', filter.serverId);
  if (filter.id !== undefined) q.where('t.id', filter.id);
  const rows = (await q) as TokenRow[];
  if (rows.length === 0) return [];
  const roleRows = (await db(T.tokenRoles)
    .whereIn('token_id', rows.map((r) => r.id))
    .select('token_id', 'role_id', 'role_name')
    .orderBy(['token_id', 'role_name'])) as { token_id: number; role_id: number | null; role_name: string }[];
  const roles = new Map<number, { id: number | null; name: string }[]>();
  for (const r of roleRows) {
    const list = roles.get(r.token_id) ?? [];
    list.push({ id: r.role_id, name: r.role_name });
    roles.set(r.token_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tokenEnc: r.token_enc,
    jti: r.jti,
    issuedAt: new Date(r.issued_at),
    expiry: new Date(r.expiry),
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
    renewedFromId: r.renewed_from_id,
    signingKid: r.signing_kid,
    userId: r.user_id,
    username: r.username,
    serverId: r.server_id,
    serverName: r.server_name,
    roles: roles.get(r.id) ?? [],
  }));
}

export async function findToken(db: Db, id: number): Promise<TokenRecord | undefined> {
  return (await listTokens(db, { id }))[0];
}

/** Marks a token revoked; keeps the first revocation time (idempotent). */
export async function revokeToken(db: Db, id: number, at: Date): Promise<void> {
  await db(T.tokens).where({ id }).whereNull('revoked_at').update({ revoked_at: at });
}

/**
 * Revoked tokens that have not yet expired: the content of the revocation list (tokens.md §8) — revoked token
 * records, then the entries kept in revoked_tokens for records deleted with their user or server.
 */
export async function revokedUnexpired(db: Db, now: Date): Promise<{ jti: string; aud: string; exp: number }[]> {
  const rows = (await db(`${T.tokens} as t`)
    .join(`${T.servers} as s`, 's.id', 't.server_id')
    .whereNotNull('t.revoked_at')
    .where('t.expiry', '>', now)
    .select('t.jti', { aud: 's.name' }, 't.expiry')
    .orderBy('t.id')) as { jti: string; aud: string; expiry: Date }[];
  const kept = (await db(T.revoked).where('expiry', '>', now).select('jti', 'aud', 'expiry').orderBy(['expiry', 'jti'])) as typeof rows;
  const seen = new Set(rows.map((r) => r.jti));
  return [...rows, ...kept.filter((r) => !seen.has(r.jti))].map((r) => ({ jti: r.jti, aud: r.aud, exp: Math.floor(new Date(r.expiry).getTime() / 1000) }));
}

/**
 * Before a user's or a server's token records are deleted (ON DELETE CASCADE), copies every one that has not yet
 * expired into revoked_tokens, so the revocation list keeps refusing them until their own expiry: deleting a user
 * or server revokes their outstanding tokens. Returns how many entries were kept.
 */
export async function keepRevocationsOf(db: Db, owner: { userId?: number; serverId?: number }, now: Date, reason: string): Promise<number> {
  const q = db(`${T.tokens} as t`)
    .join(`${T.servers} as s`, 's.id', 't.server_id')
    .where('t.expiry', '>', now)
    .select('t.jti', { aud: 's.name' }, 't.expiry', 't.revoked_at');
  if (owner.userId !== undefined) q.where('t.user_id', owner.userId);
  if (owner.serverId !== undefined) q.where('t.server_id', owner.serverId);
  const rows = (await q) as { jti: string; aud: string; expiry: Date; revoked_at: Date | null }[];
  for (let i = 0; i < rows.length; i += 500) {
    await db(T.revoked)
      .insert(rows.slice(i, i + 500).map((r) => ({ jti: r.jti, aud: r.aud, expiry: new Date(r.expiry), revoked_at: r.revoked_at === null ? now : new Date(r.revoked_at), reason })))
      .onConflict('jti')
      .ignore();
  }
  return rows.length;
}

/** Latest expiry (epoch seconds) of tokens signed with each kid. */
export async function latestExpiryByKid(db: Db): Promise<Map<string, number>> {
  const rows = (await db(T.tokens).select('signing_kid').max({ latest: 'expiry' }).groupBy('signing_kid')) as {
    signing_kid: string;
    latest: Date;
  }[];
  return new Map(rows.map((r) => [r.signing_kid, Math.floor(new Date(r.latest).getTime() / 1000)]));
}

/** Key ids (`fd1.<keyid>.`) of the encrypted tokens, with counts; for the start-up key-ring check. */
export async function encryptedKeyIds(db: Db): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const add = (rows: { kid: string | null; n: string | number }[]): void => {
    for (const r of rows) if (r.kid !== null) out.set(r.kid, (out.get(r.kid) ?? 0) + Number(r.n));
  };
  // `fd1.<8 hex>.…`: the key id is characters 5-12 (substr works in Postgres and SQLite alike).
  add((await db(T.tokens).select(db.raw('substr(token_enc, 5, 8) AS kid')).count({ n: '*' }).groupByRaw('1')) as never);
  add((await db(T.twoFactor).select(db.raw('substr(secret_enc, 5, 8) AS kid')).count({ n: '*' }).groupByRaw('1')) as never);
  return out;
}
