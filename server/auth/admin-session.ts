import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/client.ts';
import { unauthorized } from '../http/errors.ts';
import type { AdminToken } from './admin-token.ts';
import { ADMIN_COOKIE } from './cookies.ts';
import { findSession } from './sessions.ts';

/** An `Authorization: Bearer` header decides alone when present; otherwise the admin cookie. */
export function isAdmin(c: Context, db: Db, token: AdminToken): boolean {
  const header = c.req.header('authorization');
  if (header !== undefined) return bearerMatches(header, token);
  return findSession(db, 'admin', getCookie(c, ADMIN_COOKIE)) !== undefined;
}

/** Whether an Authorization header is `Bearer <the admin token>`. */
export function bearerMatches(header: string, token: AdminToken): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return bearer !== null && token.matches(bearer[1]!);
}

export function requireAdmin(db: Db, token: AdminToken) {
  return createMiddleware(async (c, next) => {
    if (!isAdmin(c, db, token)) {
      throw unauthorized(
        'admin token required: log in on the admin page or send Authorization: Bearer <token>',
      );
    }
    await next();
  });
}
