import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { param, perDatabase } from '../db/prepared.ts';
import { sessions } from '../db/schema.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

export type SessionKind = 'user' | 'admin';

export const SESSION_LIFETIME_MS: Record<SessionKind, number> = {
  user: 30 * 24 * 3600 * 1000,
  admin: 12 * 3600 * 1000,
};

/** Expired sessions are swept on sign-in, at most this often. */
const PURGE_INTERVAL_MS = 60_000;

/** Creates a session and returns the cookie value (only its hash is stored). */
export function createSession(db: Db, kind: SessionKind, userId: number | null): string {
  const query = queries(db);
  const id = randomSecret();
  const now = Date.now();
  if (now - query.lastPurge >= PURGE_INTERVAL_MS) {
    query.purgeExpired.run({ now });
    query.lastPurge = now;
  }
  query.insert.run({ idHash: sha256Hex(id), kind, userId, expiresAt: now + SESSION_LIFETIME_MS[kind] });
  return id;
}

export function findSession(db: Db, kind: SessionKind, cookieValue: string | undefined) {
  if (!cookieValue) return undefined;
  return queries(db).find.get({ idHash: sha256Hex(cookieValue), kind, now: Date.now() });
}

export function deleteSession(db: Db, cookieValue: string | undefined): void {
  if (cookieValue) queries(db).delete.run({ idHash: sha256Hex(cookieValue) });
}

export function deleteAllSessions(db: Db, kind: SessionKind): void {
  db.delete(sessions).where(eq(sessions.kind, kind)).run();
}

// Sign-in and every admin call run these: prepared once per database (placeholders bind as given, so
// times are Unix milliseconds, as stored).
const queries = perDatabase((db) => ({
  lastPurge: 0,
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
