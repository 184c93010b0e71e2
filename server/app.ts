import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AdminToken } from './auth/admin-token.ts';
import type { Db } from './db/client.ts';
import { ApiException, renderError, renderNotFound } from './http/errors.ts';
import type { Fanout } from './push/fanout.ts';
import type { SendToDevice } from './push/send-to-device.ts';
import { adminMessageRoutes } from './routes/admin-messages.ts';
import { adminSessionRoutes } from './routes/admin-session.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { publicRoutes } from './routes/public.ts';
import { sessionRoutes } from './routes/session.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';

export interface AppDeps {
  db: Db;
  vapidPublicKey: string;
  adminToken: AdminToken;
  fanout: Fanout;
  /** Sends one push (the test push uses it directly; the fan-out has its own reference). */
  send: SendToDevice;
  /** Origins whose http:// endpoints subscriptions may use (the local push service). */
  allowHttpEndpoints: readonly string[];
}

const MAX_BODY_BYTES = 64 * 1024;

/** Builds the API. No I/O happens here, so tests call `app.request()` on an in-memory database. */
export function createApp(deps: AppDeps) {
  const app = new Hono()
    .use(
      '/api/*',
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) =>
          renderError(
            new ApiException(
              413,
              'payload_too_large',
              `request body must be at most ${MAX_BODY_BYTES} bytes`,
            ),
            c,
          ),
      }),
    )
    .route('/api', publicRoutes(deps))
    .route('/api/session', sessionRoutes(deps))
    .route('/api/subscriptions', subscriptionRoutes(deps))
    .route('/api/admin', adminSessionRoutes(deps))
    .route('/api/admin/users', adminUserRoutes(deps))
    .route('/api/admin/messages', adminMessageRoutes(deps));
  app.onError(renderError);
  app.notFound(renderNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
