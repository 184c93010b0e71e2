import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serves the built web pages: `/` (index.html), `/admin` (admin/index.html), `/sw.js` and the
 * hashed assets. Returns false when there is no build to serve (run `npm run build`).
 */
export function serveWebBuild(app: Hono, publicDir: string): boolean {
  if (!existsSync(join(publicDir, 'index.html'))) return false;
  app.use('/sw.js', async (c, next) => {
    await next();
    // The worker controls the whole origin, and a stale copy must never outlive a deploy.
    c.res.headers.set('Service-Worker-Allowed', '/');
    c.res.headers.set('Cache-Control', 'no-cache');
  });
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html'))
      c.res.headers.set('Cache-Control', 'no-cache');
  });
  app.get('*', serveStatic({ root: publicDir }));
  return true;
}
