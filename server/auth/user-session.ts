import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { User } from '../../shared/api-types.ts';
import type { UserStore } from '../db/store.ts';
import { unauthorized } from '../http/errors.ts';
import { sha256Hex } from './secrets.ts';
import { USER_COOKIE } from './cookies.ts';

/**
 * The demo sign-in: the `session` cookie names a user. A real app replaces this function (and
 * POST /api/session) with its own authentication; everything else only needs `{ id, name }`.
 */
export async function currentUser(c: Context, users: UserStore): Promise<User | null> {
  const cookie = getCookie(c, USER_COOKIE);
  if (!cookie) return null;
  return (await users.ofSession(sha256Hex(cookie), Date.now())) ?? null;
}

export type UserEnv = { Variables: { user: User } };

/** Refuses the request with 401 unless a user is signed in; the user is then `c.get('user')`. */
export function requireUser(users: UserStore) {
  return createMiddleware<UserEnv>(async (c, next) => {
    const user = await currentUser(c, users);
    if (!user) throw unauthorized('sign in first (POST /api/session with your name)');
    c.set('user', user);
    await next();
  });
}
