import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sessions } from '../db/schema.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

export type SessionKind = 'user' | 'admin';

export const SESSION_LIFETIME_MS: Record<SessionKind, number> = {
  user: 30 * 24 * 3600 * 1000,
  admin: 12 * 3600 * 1000,
};

/** Creates a session and returns the cookie value (only its hash is stored). */
export function createSession(db: Db, kind: SessionKind, userId: number | null): string {
  const id = randomSecret();
  const now = Date.now();
  db.delete(sessions)
    .where(lt(sessions.expiresAt, new Date(now)))
    .run();
  db.insert(sessions)
    .values({ idHash: sha256Hex(id), kind, userId, expiresAt: new Date(now + SESSION_LIFETIME_MS[kind]) })
    .run();
  return id;
}

export function findSession(db: Db, kind: SessionKind, cookieValue: string | undefined) {
  if (!cookieValue) return undefined;
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.idHash, sha256Hex(cookieValue)),
        eq(sessions.kind, kind),
        gt(sessions.expiresAt, new Date()),
      ),
    )
    .get();
}

export function deleteSession(db: Db, cookieValue: string | undefined): void {
  if (cookieValue)
    db.delete(sessions)
      .where(eq(sessions.idHash, sha256Hex(cookieValue)))
      .run();
}

export function deleteAllSessions(db: Db, kind: SessionKind): void {
  db.delete(sessions).where(eq(sessions.kind, kind)).run();
}
