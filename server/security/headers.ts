import type { ServerResponse } from 'node:http';
import { createMiddleware } from 'hono/factory';
import { clientOf } from '../http/client-info.ts';

/**
 * The pages load only their own scripts, styles and workers (no inline code: they were built for this), talk
 * only to this origin, and show images from here or data: URLs.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
  "frame-ancestors 'none'";

/** What hono/secure-headers sends by default, with our CSP, X-Frame-Options DENY and no device APIs. */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** HSTS only on https responses: it means nothing over http. */
export const HSTS = 'max-age=15552000; includeSubDomains';

/**
 * Sets the headers above on every response before the handler runs. Under Node they go straight onto the
 * ServerResponse (a response's own headers still win, Node merges them in writeHead); setting them on the
 * fetch Response afterwards, as hono/secure-headers does, cost a large share of a subscribe's CPU (measure
 * with `npm run bench:load`).
 * Without Node (app.request() in tests) they go through c.header().
 */
export function securityHeaders() {
  return createMiddleware(async (c, next) => {
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const set = outgoing
      ? (name: string, value: string) => outgoing.setHeader(name, value)
      : (name: string, value: string) => c.header(name, value);
    for (const [name, value] of SECURITY_HEADERS) set(name, value);
    if (clientOf(c).secure) set('Strict-Transport-Security', HSTS);
    await next();
  });
}
