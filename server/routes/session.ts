import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { clearUserCookie, setUserCookie, USER_COOKIE } from '../auth/cookies.ts';
import { createSession, deleteSession, SESSION_LIFETIME_MS } from '../auth/sessions.ts';
import { currentUser } from '../auth/user-session.ts';
import type { Store } from '../db/store.ts';
import { jsonBody } from '../http/validate.ts';
import type { ClientRateLimiter } from '../security/rate-limit.ts';

const signInSchema = z.object({
  name: z.string().refine((name) => name.trim().length >= 1 && name.trim().length <= 64, {
    error: 'must be 1 to 64 characters',
  }),
});

/** Demo sign-in by name. A real app puts its own authentication here (see README). */
export function sessionRoutes({ store, signInLimiter }: { store: Store; signInLimiter: ClientRateLimiter }) {
  return (
    new Hono()
      // Each sign-in may create a user: without a limit, one client could fill the database.
      .use('/', signInLimiter.middleware(['POST']))
      .get('/', async (c) => c.json({ user: await currentUser(c, store.users) }, 200))
      .post('/', jsonBody(signInSchema), async (c) => {
        const name = c.req.valid('json').name.trim();
        const user = await store.users.findOrCreate(name);
        await deleteSession(store.sessions, getCookie(c, USER_COOKIE));
        setUserCookie(c, await createSession(store.sessions, 'user', user.id), SESSION_LIFETIME_MS.user);
        return c.json({ user }, 200);
      })
      .delete('/', async (c) => {
        await deleteSession(store.sessions, getCookie(c, USER_COOKIE));
        clearUserCookie(c);
        return c.body(null, 204);
      })
  );
}
