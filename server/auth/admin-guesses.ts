import { createMiddleware } from 'hono/factory';
import { bearerMatches } from '../auth/admin-session.ts';
import type { AdminToken } from '../auth/admin-token.ts';
import type { ClientRateLimiter } from './rate-limit.ts';

/**
 * Wrong `Authorization` headers on any admin route count against the same allowance as wrong logins, so the
 * Bearer path (and GET /api/admin/session, which answers true or false) cannot be used to guess the token
 * without limit. Once the allowance is spent, every request with an Authorization header waits (429).
 */
export function limitTokenGuesses(adminToken: AdminToken, limiter: ClientRateLimiter) {
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      limiter.check(c);
      if (!bearerMatches(header, adminToken)) limiter.take(c);
    }
    await next();
  });
}
