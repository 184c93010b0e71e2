import { Hono } from 'hono';
import type { DeliveryResult } from '../../shared/api-types.ts';
import { requireUser } from '../auth/user-session.ts';
import type { Db } from '../db/client.ts';
import { deleteOwnSubscription, subscriptionsOfUser, upsertSubscription } from '../db/subscription-store.ts';
import { notFound } from '../http/errors.ts';
import { pushServiceOf, toDevice } from '../http/serialize.ts';
import { idParam, jsonBody } from '../http/validate.ts';
import { recordDeviceOutcome } from '../push/device-outcome.ts';
import { testPayload } from '../push/payload.ts';
import type { SendToDevice } from '../push/send-to-device.ts';
import {
  checkSubscription,
  chooseContentEncoding,
  subscriptionBodySchema,
} from '../validation/subscription.ts';

export interface SubscriptionRouteDeps {
  db: Db;
  send: SendToDevice;
  allowHttpEndpoints: readonly string[];
}

/** A test push that waits on an offline device this long at most. */
const TEST_PUSH_TTL = 300;

/** The signed-in user's devices. */
export function subscriptionRoutes({ db, send, allowHttpEndpoints }: SubscriptionRouteDeps) {
  const bodySchema = subscriptionBodySchema(allowHttpEndpoints);
  return new Hono()
    .use(requireUser(db))
    .post('/', jsonBody(bodySchema), (c) => {
      const body = c.req.valid('json');
      const { endpoint, keys } = checkSubscription(body);
      const { row, created } = upsertSubscription(
        db,
        {
          userId: c.get('user').id,
          endpoint,
          p256dh: keys.p256dh,
          auth: keys.auth,
          contentEncoding: chooseContentEncoding(body.contentEncodings),
          userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
        },
        body.replaces,
      );
      return created ? c.json({ device: toDevice(row) }, 201) : c.json({ device: toDevice(row) }, 200);
    })
    .get('/', (c) => c.json({ devices: subscriptionsOfUser(db, c.get('user').id).map(toDevice) }, 200))
    .post('/test', async (c) => {
      const user = c.get('user');
      const payload = testPayload(user.name);
      const settings = { ttl: TEST_PUSH_TTL, urgency: 'normal' as const, topic: null };
      const results = await Promise.all(
        subscriptionsOfUser(db, user.id).map(async (device): Promise<DeliveryResult> => {
          const outcome = await send(device, payload, settings);
          recordDeviceOutcome(db, device.id, outcome, new Date());
          return { deviceId: device.id, pushService: pushServiceOf(device.endpoint), ...outcome };
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
