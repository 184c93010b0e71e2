import { Hono } from 'hono';
import type { AdminToken } from './auth/admin-token.ts';
import type { Store } from './db/store.ts';
import { limitBody } from './http/body-limit.ts';
import { ApiException, renderError, renderNotFound } from './http/errors.ts';
import type { Fanout } from './push/fanout.ts';
import type { Scheduler } from './push/scheduler.ts';
import type { SendToDevice } from './push/send-to-device.ts';
import { adminMessageRoutes } from './routes/admin-messages.ts';
import { adminSessionRoutes } from './routes/admin-session.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { publicRoutes } from './routes/public.ts';
import { receiptRoutes } from './routes/receipts.ts';
import { sessionRoutes } from './routes/session.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { limitTokenGuesses } from './auth/admin-guesses.ts';
import { clientInfo } from './http/client-info.ts';
import { crossOriginProtection } from './security/cross-origin.ts';
import type { EndpointPolicy } from './security/endpoint-policy.ts';
import { securityHeaders } from './security/headers.ts';
import { ClientRateLimiter, memoryBuckets, type RateBucketsFactory } from './security/rate-limit.ts';
import type { SecurityConfig } from './security/settings.ts';

export interface AppDeps {
  store: Store;
  vapidPublicKey: string;
  adminToken: AdminToken;
  fanout: Fanout;
  /** Sends one push (the test push uses it directly; the fan-out has its own reference). */
  send: SendToDevice;
  /** Origins whose http:// endpoints subscriptions may use (the local push service). */
  allowHttpEndpoints: readonly string[];
  /** `config.security`: rate limits, proxy trust, device cap. */
  security: SecurityConfig;
  /** The one endpoint policy, shared with the fan-out (boot.ts builds it). */
  endpointPolicy: EndpointPolicy;
  /** Signs and checks receipt tokens; null: receipts are off (RECEIPTS=off). */
  receiptSecret: Uint8Array | null;
  /** Woken when a message is scheduled, so its timer is set at once. */
  scheduler: Pick<Scheduler, 'wake'>;
  /** Where the rate limits count: in memory (default; one instance), or the database shared by several. */
  rateBuckets?: RateBucketsFactory;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Builds the API. No I/O happens here, so tests call `app.request()` on an in-memory database. */
export function createApp(deps: AppDeps) {
  const { security, endpointPolicy } = deps;
  const { rateLimits } = security;
  const buckets = deps.rateBuckets ?? memoryBuckets();
  const limits = {
    subscribe: new ClientRateLimiter(
      rateLimits.subscribe,
      { what: 'subscription requests', variable: 'RATE_LIMIT_SUBSCRIBE' },
      buckets,
    ),
    testPush: new ClientRateLimiter(
      rateLimits.testPush,
      { what: 'test pushes', variable: 'RATE_LIMIT_TEST_PUSH' },
      buckets,
    ),
  };
  const signInLimiter = new ClientRateLimiter(
    rateLimits.signIn,
    { what: 'sign-ins', variable: 'RATE_LIMIT_SIGN_IN' },
    buckets,
  );
  const receiptLimiter = new ClientRateLimiter(
    rateLimits.receipts,
    { what: 'receipts', variable: 'RATE_LIMIT_RECEIPTS' },
    buckets,
  );
  const loginLimiter = new ClientRateLimiter(
    rateLimits.adminLogin,
    { what: 'failed admin logins', variable: 'RATE_LIMIT_ADMIN_LOGIN' },
    buckets,
  );

  const app = new Hono()
    .use(clientInfo(security.trustProxy))
    .use(securityHeaders())
    .use(
      '/api/*',
      limitBody(MAX_BODY_BYTES, (c) =>
        renderError(
          new ApiException(413, 'payload_too_large', `request body must be at most ${MAX_BODY_BYTES} bytes`),
          c,
        ),
      ),
    )
    .use('/api/*', crossOriginProtection())
    .use('/api/admin/*', limitTokenGuesses(deps.adminToken, loginLimiter))
    .route('/api', publicRoutes(deps))
    .route('/api/session', sessionRoutes({ ...deps, signInLimiter }))
    .route('/api/receipts', receiptRoutes({ ...deps, limiter: receiptLimiter }))
    .route(
      '/api/subscriptions',
      subscriptionRoutes({
        ...deps,
        endpointPolicy,
        maxDevicesPerUser: security.maxDevicesPerUser,
        limits,
      }),
    )
    .route('/api/admin', adminSessionRoutes({ ...deps, loginLimiter }))
    .route('/api/admin/users', adminUserRoutes(deps))
    .route('/api/admin/messages', adminMessageRoutes(deps));
  app.onError(renderError);
  app.notFound(renderNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
