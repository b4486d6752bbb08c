import { T, type Db } from './tables.js';

export interface SessionRow {
  idHash: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
}

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await db(T.sessions).insert({ id_hash: s.idHash, user_id: s.userId, created_at: s.createdAt, last_seen_at: s.lastSeenAt });
}

export async function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  const r = (await db(T.sessions).where({ id_hash: idHash }).first()) as
    | { id_hash: string; user_id: number; created_at: Date; last_seen_at: Date }
    | undefined;
  return r && { idHash: r.id_hash, userId: r.user_id, createdAt: new Date(r.created_at), lastSeenAt: new Date(r.last_seen_at) };
}

export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await db(T.sessions).where({ id_hash: idHash }).update({ last_seen_at: at });
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db(T.sessions).where({ id_hash: idHash }).delete();
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptIdHash?: string): Promise<void> {
  const q = db(T.sessions).where({ user_id: userId });
  if (exceptIdHash !== undefined) q.whereNot({ id_hash: exceptIdHash });
  await q.delete();
}

/** Removes sessions idle since `idleBefore` or created before `createdBefore`. */
export async function deleteStaleSessions(db: Db, opts: { idleBefore: Date; createdBefore: Date }): Promise<number> {
  return db(T.sessions).where('last_seen_at', '<', opts.idleBefore).orWhere('created_at', '<', opts.createdBefore).delete();
}
