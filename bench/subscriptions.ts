import { createECDH, randomBytes } from 'node:crypto';
import type { PushSubscriptionJSON } from '@starter-kit/webpush/node';

/** N subscriptions with real P-256 keys, each at its own path of the sink. */
export function makeSubscriptions(origin: string, n: number): PushSubscriptionJSON[] {
  return Array.from({ length: n }, (_, i) => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return {
      endpoint: `${origin}/wpush/${i}`,
      keys: { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') },
    };
  });
}

export const PAYLOAD = JSON.stringify({ title: 'Benchmark', body: 'x'.repeat(3 * 1024 - 40) });
