import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serves the built web pages: `/` (index.html), `/admin` (admin/index.html), `/sw.js`, the web app manifest
 * and icons (`/manifest.webmanifest`, `/icons/*`; the types come from their extensions) and the hashed
 * assets. Returns false when there is no build to serve (run `npm run build`).
 */
export function serveWebBuild(app: Hono, publicDir: string): boolean {
  if (!existsSync(join(publicDir, 'index.html'))) return false;
  app.use('/sw.js', async (c, next) => {
    await next();
    // The worker controls the whole origin, and a stale copy must never outlive a deploy.
    c.res.headers.set('Service-Worker-Allowed', '/');
    c.res.headers.set('Cache-Control', 'no-cache');
  });
  app.use('/manifest.webmanifest', async (c, next) => {
    await next();
    // Browsers re-read the manifest to update an installed app; a stale one would keep old names and icons.
    if (c.res.ok) c.res.headers.set('Cache-Control', 'no-cache');
  });
  app.use('/icons/*', async (c, next) => {
    await next();
    // Fixed URLs (the manifest names them), so cached for a day rather than forever.
    if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=86400');
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
