import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { clearUserCookie, setUserCookie, USER_COOKIE } from '../auth/cookies.ts';
import { createSession, deleteSession, SESSION_LIFETIME_MS } from '../auth/sessions.ts';
import { currentUser } from '../auth/user-session.ts';
import type { Db } from '../db/client.ts';
import { findOrCreateUser } from '../db/user-store.ts';
import { jsonBody } from '../http/validate.ts';
import type { ClientRateLimiter } from '../security/rate-limit.ts';

const signInSchema = z.object({
  name: z.string().refine((name) => name.trim().length >= 1 && name.trim().length <= 64, {
    error: 'must be 1 to 64 characters',
  }),
});

/** Demo sign-in by name. A real app puts its own authentication here (see README). */
export function sessionRoutes({ db, signInLimiter }: { db: Db; signInLimiter: ClientRateLimiter }) {
  return (
    new Hono()
      // Each sign-in may create a user: without a limit, one client could fill the database.
      .use('/', signInLimiter.middleware(['POST']))
      .get('/', (c) => c.json({ user: currentUser(c, db) }, 200))
      .post('/', jsonBody(signInSchema), (c) => {
        const name = c.req.valid('json').name.trim();
        const user = findOrCreateUser(db, name);
        deleteSession(db, getCookie(c, USER_COOKIE));
        setUserCookie(c, createSession(db, 'user', user.id), SESSION_LIFETIME_MS.user);
        return c.json({ user }, 200);
      })
      .delete('/', (c) => {
        deleteSession(db, getCookie(c, USER_COOKIE));
        clearUserCookie(c);
        return c.body(null, 204);
      })
  );
}
