// The sessions table. Callers pass the SHA-256 of the cookie value (auth/sessions.ts hashes it); the cookie
// itself is never stored.
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { param, perDatabase } from './prepared.ts';
import { sessions } from './schema.ts';

export type SessionKind = 'user' | 'admin';

export interface NewSession {
  idHash: string;
  kind: SessionKind;
  /** The signed-in user; null for an admin session. */
  userId: number | null;
  expiresAt: number;
}

export function insertSession(db: Db, session: NewSession): void {
  queries(db).insert.run({ ...session });
}

/** The session of this kind under `idHash`, if it exists and has not expired at `now`. */
export function findLiveSession(db: Db, idHash: string, kind: SessionKind, now: number) {
  return queries(db).find.get({ idHash, kind, now });
}

export function deleteSessionByHash(db: Db, idHash: string): void {
  queries(db).delete.run({ idHash });
}

export function deleteSessionsOfKind(db: Db, kind: SessionKind): void {
  db.delete(sessions).where(eq(sessions.kind, kind)).run();
}

/** Deletes every session that expired before `now`. */
export function deleteExpiredSessions(db: Db, now: number): void {
  queries(db).purgeExpired.run({ now });
}

// Sign-in and every admin call run these: prepared once per database (placeholders bind as given, so
// times are Unix milliseconds, as stored).
const queries = perDatabase((db) => ({
  purgeExpired: db
    .delete(sessions)
    .where(lt(sessions.expiresAt, sql.placeholder('now')))
    .prepare(),
  insert: db
    .insert(sessions)
    .values({
      idHash: sql.placeholder('idHash'),
      kind: sql.placeholder('kind'),
      userId: sql.placeholder('userId'),
      expiresAt: param('expiresAt'),
    })
    .prepare(),
  find: db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        eq(sessions.kind, sql.placeholder('kind')),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare(),
  delete: db
    .delete(sessions)
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .prepare(),
}));
