import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { bearerMatches } from './admin-session.ts';
import type { AdminToken } from './admin-token.ts';

/** The allowance of wrong tokens per client (security/rate-limit.ts's ClientRateLimiter is one). */
export interface GuessAllowance {
  /** Rejects with 429 when the client has nothing left, without counting this request. */
  check(c: Context): Promise<void>;
  /** Counts a wrong guess; rejects with 429 once the allowance is spent. */
  take(c: Context): Promise<void>;
}

/**
 * Wrong `Authorization` headers on any admin route count against the same allowance as wrong logins, so the
 * Bearer path (and GET /api/admin/session, which answers true or false) cannot be used to guess the token
 * without limit. Once the allowance is spent, every request with an Authorization header waits (429).
 */
export function limitTokenGuesses(adminToken: AdminToken, limiter: GuessAllowance) {
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      await limiter.check(c);
      if (!(await bearerMatches(header, adminToken))) await limiter.take(c);
    }
    await next();
  });
}
