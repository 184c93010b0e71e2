import { createMiddleware } from 'hono/factory';
import { ApiException } from '../http/errors.ts';
import { clientOf } from '../http/client-info.ts';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/**
 * CSRF protection for cookie-authenticated state changes (the approach of Go's CrossOriginProtection and
 * Hono's csrf(), for every content type): a browser marks every request with Sec-Fetch-Site and/or Origin,
 * so a state-changing request that a browser sent from another site is refused. Requests with an
 * Authorization header carry no ambient credentials and pass; so do non-browser clients that send neither
 * header (they cannot be made to carry a victim's cookies).
 */
export function crossOriginProtection() {
  return createMiddleware(async (c, next) => {
    if (SAFE_METHOD.test(c.req.method) || c.req.header('authorization') !== undefined) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site !== undefined) {
      if (site === 'same-origin' || site === 'none') return next();
    } else if (origin === undefined || sameHost(origin, clientOf(c).host)) {
      // Older browsers send Origin only; no header at all means not a browser.
      return next();
    }
    throw new ApiException(
      403,
      'forbidden',
      `cross-site ${c.req.method} refused: the request came from ${origin ?? `a ${site} page`}, not from this site's pages`,
    );
  });
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
