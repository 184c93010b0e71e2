// Type-checked by the package check against the installed package's .d.ts files, with no @types/node: what a
// Workers or Deno project sees. (In the repo, tsc checks it against the sources.)
import {
  decrypt,
  encrypt,
  generateVapidKeys,
  sendMany,
  WebPushError,
  WebPusher,
  webpush,
  type PushSubscriptionJSON,
  type SendManySummary,
} from '@starter-kit/webpush';

export async function usage(subscription: PushSubscriptionJSON): Promise<SendManySummary> {
  const vapid = await generateVapidKeys();
  const options = { vapidPrivateKey: vapid.privateKey, vapidClaims: { sub: 'mailto:you@example.com' } };
  const encrypted = await encrypt('hello', subscription.keys);
  const body: Uint8Array = encrypted.body;
  await decrypt(body, { privateKey: vapid.privateKey, auth: subscription.keys.auth }).catch(() => undefined);
  const pusher = new WebPusher(subscription, options);
  const request = await pusher.request('hello', { ttl: 60, urgency: 'high' });
  const status: number = request.body?.length ?? 0;
  try {
    await webpush(subscription, 'hello', { ...options, fetch: globalThis.fetch, timeout: 5_000 });
  } catch (error) {
    if (error instanceof WebPushError && error.isGone)
      return { total: status, delivered: 0, expired: 1, failed: 0, retried: 0 };
  }
  return sendMany([subscription], 'hello', { ...options, concurrency: 8, onResult: (r) => void r.outcome });
}
