import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { SessionStore } from '../db/store.ts';
import { unauthorized } from '../http/errors.ts';
import type { AdminToken } from './admin-token.ts';
import { ADMIN_COOKIE } from './cookies.ts';
import { findSession } from './sessions.ts';

/** An `Authorization: Bearer` header decides alone when present; otherwise the admin cookie. */
export async function isAdmin(c: Context, sessions: SessionStore, token: AdminToken): Promise<boolean> {
  const header = c.req.header('authorization');
  if (header !== undefined) return bearerMatches(header, token);
  return (await findSession(sessions, 'admin', getCookie(c, ADMIN_COOKIE))) !== undefined;
}

/** Whether an Authorization header is `Bearer <the admin token>`. */
export async function bearerMatches(header: string, token: AdminToken): Promise<boolean> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return bearer !== null && (await token.matches(bearer[1]!));
}

export function requireAdmin(sessions: SessionStore, token: AdminToken) {
  return createMiddleware(async (c, next) => {
    if (!(await isAdmin(c, sessions, token))) {
      throw unauthorized(
        'admin token required: log in on the admin page or send Authorization: Bearer <token>',
      );
    }
    await next();
  });
}
