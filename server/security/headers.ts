import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { clientOf } from './client-info.ts';

/**
 * The pages load only their own scripts, styles and workers (no inline code: they were built for this), talk
 * only to this origin, and show images from here or data: URLs.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const HSTS = 'max-age=15552000; includeSubDomains';

/** hono/secure-headers with the CSP above; HSTS only on https responses (it means nothing over http). */
export function securityHeaders() {
  const headers = secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  });
  return createMiddleware(async (c, next) => {
    await headers(c, next);
    if (clientOf(c).secure) c.res.headers.set('Strict-Transport-Security', HSTS);
  });
}
