import type { SessionKind, SessionStore } from '../db/store.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

export type { SessionKind };

export const SESSION_LIFETIME_MS: Record<SessionKind, number> = {
  user: 30 * 24 * 3600 * 1000,
  admin: 12 * 3600 * 1000,
};

/** Expired sessions are swept on sign-in, at most this often. */
const PURGE_INTERVAL_MS = 60_000;
const lastPurge = new WeakMap<SessionStore, number>();

/** Creates a session and returns the cookie value (only its hash is stored). */
export async function createSession(
  sessions: SessionStore,
  kind: SessionKind,
  userId: number | null,
): Promise<string> {
  const id = randomSecret();
  const now = Date.now();
  if (now - (lastPurge.get(sessions) ?? 0) >= PURGE_INTERVAL_MS) {
    lastPurge.set(sessions, now);
    await sessions.deleteExpired(now);
  }
  await sessions.insert({ idHash: sha256Hex(id), kind, userId, expiresAt: now + SESSION_LIFETIME_MS[kind] });
  return id;
}

export async function findSession(
  sessions: SessionStore,
  kind: SessionKind,
  cookieValue: string | undefined,
) {
  if (!cookieValue) return undefined;
  return sessions.findLive(sha256Hex(cookieValue), kind, Date.now());
}

export async function deleteSession(sessions: SessionStore, cookieValue: string | undefined): Promise<void> {
  if (cookieValue) await sessions.deleteByHash(sha256Hex(cookieValue));
}

export async function deleteAllSessions(sessions: SessionStore, kind: SessionKind): Promise<void> {
  await sessions.deleteOfKind(kind);
}
