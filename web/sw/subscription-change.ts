import { api, call } from '../api.ts';
import { base64UrlToBytes } from '../lib/base64url.ts';
import { subscriptionBody } from '../lib/subscription-body.ts';

/**
 * The push service replaced (or dropped) the subscription: subscribe again with the same applicationServerKey
 * and tell the server, naming the old endpoint so it replaces that row instead of keeping a dead one.
 */
export async function handleSubscriptionChange(
  scope: ServiceWorkerGlobalScope,
  event: PushSubscriptionChangeEvent,
): Promise<void> {
  const oldSubscription = event.oldSubscription;
  const subscription =
    event.newSubscription ??
    (await scope.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: oldSubscription?.options.applicationServerKey ?? (await fetchServerKey()),
    }));
  await call(
    api.api.subscriptions.$post({
      json: {
        ...subscriptionBody(subscription),
        ...(oldSubscription ? { replaces: oldSubscription.endpoint } : {}),
      },
    }),
  );
}

async function fetchServerKey(): Promise<Uint8Array<ArrayBuffer>> {
  const { publicKey } = await call(api.api['vapid-public-key'].$get());
  return base64UrlToBytes(publicKey);
}
