// This library's half of the runtime bench: encrypt(), then sendMany() (its own pool, VAPID signed once per run).
import { encrypt, generateVapidKeys, runtime, sendMany } from '@starter-kit/webpush';
import { CONCURRENCY, PAYLOAD, receiverKeys, SUBJECT, type Harness } from './measure.ts';

export async function ours(sinkOrigin: string): Promise<Harness> {
  const keys = await receiverKeys();
  const vapid = await generateVapidKeys();
  const options = {
    vapidPrivateKey: vapid.privateKey,
    vapidClaims: { sub: SUBJECT },
    concurrency: CONCURRENCY,
    retries: 0,
  };
  return {
    library: 'ours',
    backend: runtime,
    async encrypt(count) {
      for (let i = 0; i < count; i++) await encrypt(PAYLOAD, keys);
    },
    async send(count, first) {
      const subscriptions = Array.from({ length: count }, (_, i) => ({
        endpoint: `${sinkOrigin}/push/ours-${first + i}`,
        keys,
      }));
      return (await sendMany(subscriptions, PAYLOAD, options)).delivered;
    },
  };
}
