import { Hono } from 'hono';
import type { DeliveryResult } from '../../shared/api-types.ts';
import { requireUser } from '../auth/user-session.ts';
import type { Store } from '../db/store.ts';
import { notFound, validationFailed } from '../http/errors.ts';
import { apiOutcome, toDevice } from '../http/serialize.ts';
import { idParam, jsonBody } from '../http/validate.ts';

import { testPayload } from '../push/payload.ts';
import { pushServiceOf } from '../push/push-service.ts';
import type { SendToDevice } from '../push/send-to-device.ts';
import { deviceWithinCap } from '../security/device-cap.ts';
import type { EndpointPolicy } from '../security/endpoint-policy.ts';
import type { ClientRateLimiter } from '../security/rate-limit.ts';
import {
  checkSubscription,
  chooseContentEncoding,
  subscriptionBodySchema,
} from '../validation/subscription.ts';

export interface SubscriptionRouteDeps {
  store: Store;
  send: SendToDevice;
  allowHttpEndpoints: readonly string[];
  endpointPolicy: EndpointPolicy;
  maxDevicesPerUser: number;
  limits: { subscribe: ClientRateLimiter; testPush: ClientRateLimiter };
}

/** A test push that waits on an offline device this long at most. */
const TEST_PUSH_TTL = 300;
/** Stored user agents are cut to this length. */
const MAX_USER_AGENT = 512;

/** The signed-in user's devices. */
export function subscriptionRoutes(deps: SubscriptionRouteDeps) {
  const { store, send, endpointPolicy, limits } = deps;
  const bodySchema = subscriptionBodySchema(deps.allowHttpEndpoints);
  return new Hono()
    .use('/', limits.subscribe.middleware(['POST']))
    .use('/test', limits.testPush.middleware(['POST']))
    .use(requireUser(store.users))
    .post('/', jsonBody(bodySchema), async (c) => {
      const body = c.req.valid('json');
      const { endpoint, keys } = checkSubscription(body);
      const refusal = await endpointPolicy.check(endpoint);
      if (refusal) throw validationFailed('endpoint', refusal);
      const userId = c.get('user').id;
      const contentEncoding = chooseContentEncoding(body.contentEncodings);
      const userAgent = c.req.header('user-agent')?.slice(0, MAX_USER_AGENT) ?? null;
      // The cap is checked in the write's own transaction (on SQLite, concurrent subscribes share one commit).
      const stored = await store.subscriptions.upsert(
        { userId, endpoint, p256dh: keys.p256dh, auth: keys.auth, contentEncoding, userAgent },
        { replaces: body.replaces, maxDevices: deps.maxDevicesPerUser },
      );
      const { row, created } = deviceWithinCap(stored, deps.maxDevicesPerUser);
      return created ? c.json({ device: toDevice(row) }, 201) : c.json({ device: toDevice(row) }, 200);
    })
    .get('/', async (c) =>
      c.json({ devices: (await store.subscriptions.ofUser(c.get('user').id)).map(toDevice) }, 200),
    )
    .post('/test', async (c) => {
      const user = c.get('user');
      const payload = testPayload(user.name);
      const settings = { ttl: TEST_PUSH_TTL, urgency: 'normal' as const, topic: null };
      const results = await Promise.all(
        (await store.subscriptions.ofUser(user.id)).map(async (device): Promise<DeliveryResult> => {
          const refusal = await endpointPolicy.check(device.endpoint);
          const outcome = refusal
            ? { outcome: 'failed' as const, status: null, reason: refusal }
            : await send(device, payload, settings);
          await store.subscriptions.recordOutcome(device.id, outcome, new Date());
          const pushService = pushServiceOf(device.endpoint);
          return { deviceId: device.id, pushService, ...outcome, outcome: apiOutcome(outcome.outcome) };
        }),
      );
      return c.json({ results }, 200);
    })
    .delete('/:id', idParam, async (c) => {
      if (!(await store.subscriptions.deleteOwn(c.get('user').id, c.req.valid('param').id))) {
        throw notFound('no such device among yours');
      }
      return c.body(null, 204);
    });
}
