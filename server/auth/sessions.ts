import type { Db } from '../db/client.ts';
import {
  deleteExpiredSessions,
  deleteSessionByHash,
  deleteSessionsOfKind,
  findLiveSession,
  insertSession,
  type SessionKind,
} from '../db/session-store.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

export type { SessionKind };

export const SESSION_LIFETIME_MS: Record<SessionKind, number> = {
  user: 30 * 24 * 3600 * 1000,
  admin: 12 * 3600 * 1000,
};

/** Expired sessions are swept on sign-in, at most this often. */
const PURGE_INTERVAL_MS = 60_000;
const lastPurge = new WeakMap<Db, number>();

/** Creates a session and returns the cookie value (only its hash is stored). */
export function createSession(db: Db, kind: SessionKind, userId: number | null): string {
  const id = randomSecret();
  const now = Date.now();
  if (now - (lastPurge.get(db) ?? 0) >= PURGE_INTERVAL_MS) {
    deleteExpiredSessions(db, now);
    lastPurge.set(db, now);
  }
  insertSession(db, { idHash: sha256Hex(id), kind, userId, expiresAt: now + SESSION_LIFETIME_MS[kind] });
  return id;
}

export function findSession(db: Db, kind: SessionKind, cookieValue: string | undefined) {
  if (!cookieValue) return undefined;
  return findLiveSession(db, sha256Hex(cookieValue), kind, Date.now());
}

export function deleteSession(db: Db, cookieValue: string | undefined): void {
  if (cookieValue) deleteSessionByHash(db, sha256Hex(cookieValue));
}

export function deleteAllSessions(db: Db, kind: SessionKind): void {
  deleteSessionsOfKind(db, kind);
}
