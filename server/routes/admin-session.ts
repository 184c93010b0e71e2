import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { isAdmin } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import { ADMIN_COOKIE, clearAdminCookie, setAdminCookie } from '../auth/cookies.ts';
import { createSession, deleteSession, SESSION_LIFETIME_MS } from '../auth/sessions.ts';
import type { Store } from '../db/store.ts';
import { unauthorized } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import type { ClientRateLimiter } from '../security/rate-limit.ts';

const loginSchema = z.object({
  token: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(512, { error: 'must be at most 512 characters' }),
});

export interface AdminSessionRouteDeps {
  store: Store;
  adminToken: AdminToken;
  /** Counts wrong tokens per client; once spent, every login from that client waits (429). */
  loginLimiter: ClientRateLimiter;
}

/** Admin login/logout and the public "am I logged in" check. */
export function adminSessionRoutes({ store, adminToken, loginLimiter }: AdminSessionRouteDeps) {
  return new Hono()
    .post('/login', jsonBody(loginSchema), async (c) => {
      await loginLimiter.check(c);
      if (!(await adminToken.matches(c.req.valid('json').token))) {
        await loginLimiter.take(c);
        throw unauthorized('wrong admin token');
      }
      await deleteSession(store.sessions, getCookie(c, ADMIN_COOKIE));
      setAdminCookie(c, await createSession(store.sessions, 'admin', null), SESSION_LIFETIME_MS.admin);
      return c.body(null, 204);
    })
    .post('/logout', async (c) => {
      await deleteSession(store.sessions, getCookie(c, ADMIN_COOKIE));
      clearAdminCookie(c);
      return c.body(null, 204);
    })
    .get('/session', async (c) => c.json({ admin: await isAdmin(c, store.sessions, adminToken) }, 200));
}
