import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { clientOf } from '../http/client-info.ts';

export const USER_COOKIE = 'session';
export const ADMIN_COOKIE = 'admin';
// The admin cookie only needs to reach the admin API.
const ADMIN_COOKIE_PATH = '/api/admin';

// Secure when the browser reached us over https (directly, or through a proxy trusted by TRUST_PROXY).
const isHttps = (c: Context) => clientOf(c).secure;

export function setUserCookie(c: Context, value: string, maxAgeMs: number): void {
  setCookie(c, USER_COOKIE, value, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearUserCookie(c: Context): void {
  deleteCookie(c, USER_COOKIE, { path: '/', secure: isHttps(c) });
}

export function setAdminCookie(c: Context, value: string, maxAgeMs: number): void {
  setCookie(c, ADMIN_COOKIE, value, {
    httpOnly: true,
    sameSite: 'Strict',
    path: ADMIN_COOKIE_PATH,
    secure: isHttps(c),
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearAdminCookie(c: Context): void {
  deleteCookie(c, ADMIN_COOKIE, { path: ADMIN_COOKIE_PATH, secure: isHttps(c) });
}
