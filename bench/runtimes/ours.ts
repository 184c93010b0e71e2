// This library's half of the runtime bench: encrypt(), then sendMany() (its own pool, VAPID signed once).
import { encrypt, generateVapidKeys, runtime, sendMany } from '@starter-kit/webpush';
import {
  CONCURRENCY,
  cpuMicros,
  cpuPer,
  PAYLOAD,
  perSecond,
  receiverKeys,
  SUBJECT,
  type LibraryMeasurement,
} from './measure.ts';

export async function measureOurs(
  runtimeName: string,
  sinkOrigin: string,
  encrypts: number,
  sends: number,
): Promise<LibraryMeasurement> {
  const keys = await receiverKeys();
  const vapid = await generateVapidKeys();
  const encryptsPerSec = await perSecond(encrypts, () => encrypt(PAYLOAD, keys));
  const subscriptions = Array.from({ length: sends }, (_, i) => ({
    endpoint: `${sinkOrigin}/push/ours-${i}`,
    keys,
  }));
  const cpu = cpuMicros();
  const start = performance.now();
  const summary = await sendMany(subscriptions, PAYLOAD, {
    vapidPrivateKey: vapid.privateKey,
    vapidClaims: { sub: SUBJECT },
    concurrency: CONCURRENCY,
    retries: 0,
  });
  const sendsPerSec = sends / ((performance.now() - start) / 1000);
  const cpuUsPerSend = cpuPer(cpu, sends);
  return {
    library: 'ours',
    runtime: runtimeName,
    backend: runtime,
    encryptsPerSec,
    sendsPerSec,
    sent: summary.delivered,
    ...(cpuUsPerSend === undefined ? {} : { cpuUsPerSend }),
  };
}
