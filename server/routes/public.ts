import { Hono } from 'hono';

/** Routes anyone may call. */
export function publicRoutes(deps: { vapidPublicKey: string }) {
  return new Hono().get('/vapid-public-key', (c) => c.json({ publicKey: deps.vapidPublicKey }, 200));
}
