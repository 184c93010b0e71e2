import { Hono } from 'hono';
import type { DeliveryResult } from '../../shared/api-types.ts';
import { requireUser } from '../auth/user-session.ts';
import type { Db } from '../db/client.ts';
import { GroupCommit } from '../db/group-commit.ts';
import {
  deleteOwnSubscription,
  recordDeviceOutcome,
  subscriptionsOfUser,
  upsertSubscription,
} from '../db/subscription-store.ts';
import { notFound, validationFailed } from '../http/errors.ts';
import { apiOutcome, toDevice } from '../http/serialize.ts';
import { idParam, jsonBody } from '../http/validate.ts';

import { testPayload } from '../push/payload.ts';
import { pushServiceOf } from '../push/push-service.ts';
import type { SendToDevice } from '../push/send-to-device.ts';
import { checkDeviceCap } from '../security/device-cap.ts';
import type { EndpointPolicy } from '../security/endpoint-policy.ts';
import type { ClientRateLimiter } from '../security/rate-limit.ts';
import {
  checkSubscription,
  chooseContentEncoding,
  subscriptionBodySchema,
} from '../validation/subscription.ts';

export interface SubscriptionRouteDeps {
  db: Db;
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
  const { db, send, endpointPolicy, limits } = deps;
  const bodySchema = subscriptionBodySchema(deps.allowHttpEndpoints);
  // Concurrent subscribes share one commit; the cap check runs in the same transaction as the write.
  const writes = new GroupCommit(db);
  return new Hono()
    .use('/', limits.subscribe.middleware(['POST']))
    .use('/test', limits.testPush.middleware(['POST']))
    .use(requireUser(db))
    .post('/', jsonBody(bodySchema), async (c) => {
      const body = c.req.valid('json');
      const { endpoint, keys } = checkSubscription(body);
      const refusal = await endpointPolicy.check(endpoint);
      if (refusal) throw validationFailed('endpoint', refusal);
      const userId = c.get('user').id;
      const contentEncoding = chooseContentEncoding(body.contentEncodings);
      const userAgent = c.req.header('user-agent')?.slice(0, MAX_USER_AGENT) ?? null;
      const { row, created } = await writes.run(() => {
        checkDeviceCap(db, userId, endpoint, body.replaces, deps.maxDevicesPerUser);
        return upsertSubscription(
          db,
          { userId, endpoint, p256dh: keys.p256dh, auth: keys.auth, contentEncoding, userAgent },
          body.replaces,
        );
      });
      return created ? c.json({ device: toDevice(row) }, 201) : c.json({ device: toDevice(row) }, 200);
    })
    .get('/', (c) => c.json({ devices: subscriptionsOfUser(db, c.get('user').id).map(toDevice) }, 200))
    .post('/test', async (c) => {
      const user = c.get('user');
      const payload = testPayload(user.name);
      const settings = { ttl: TEST_PUSH_TTL, urgency: 'normal' as const, topic: null };
      const results = await Promise.all(
        subscriptionsOfUser(db, user.id).map(async (device): Promise<DeliveryResult> => {
          const refusal = await endpointPolicy.check(device.endpoint);
          const outcome = refusal
            ? { outcome: 'failed' as const, status: null, reason: refusal }
            : await send(device, payload, settings);
          recordDeviceOutcome(db, device.id, outcome, new Date());
          const pushService = pushServiceOf(device.endpoint);
          return { deviceId: device.id, pushService, ...outcome, outcome: apiOutcome(outcome.outcome) };
        }),
      );
      return c.json({ results }, 200);
    })
    .delete('/:id', idParam, (c) => {
      if (!deleteOwnSubscription(db, c.get('user').id, c.req.valid('param').id)) {
        throw notFound('no such device among yours');
      }
      return c.body(null, 204);
    });
}
