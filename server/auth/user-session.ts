import { and, eq, gt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { User } from '../../shared/api-types.ts';
import type { Db } from '../db/client.ts';
import { perDatabase } from '../db/prepared.ts';
import { sessions, users } from '../db/schema.ts';
import { unauthorized } from '../http/errors.ts';
import { sha256Hex } from './secrets.ts';
import { USER_COOKIE } from './cookies.ts';

/**
 * The demo sign-in: the `session` cookie names a user. A real app replaces this function (and
 * POST /api/session) with its own authentication; everything else only needs `{ id, name }`.
 */
export function currentUser(c: Context, db: Db): User | null {
  const cookie = getCookie(c, USER_COOKIE);
  if (!cookie) return null;
  return userBySession(db).get({ idHash: sha256Hex(cookie), now: Date.now() }) ?? null;
}

// Every API call of a signed-in user runs this query: prepared once per database, it skips Drizzle's
// per-call query building (placeholders bind as given, so `now` is Unix milliseconds, as stored).
const userBySession = perDatabase((db) =>
  db
    .select({ id: users.id, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        eq(sessions.kind, 'user'),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare(),
);

export type UserEnv = { Variables: { user: User } };

/** Refuses the request with 401 unless a user is signed in; the user is then `c.get('user')`. */
export function requireUser(db: Db) {
  return createMiddleware<UserEnv>(async (c, next) => {
    const user = currentUser(c, db);
    if (!user) throw unauthorized('sign in first (POST /api/session with your name)');
    c.set('user', user);
    await next();
  });
}
