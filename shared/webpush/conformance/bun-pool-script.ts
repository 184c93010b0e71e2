// Run by the real `bun` from the checkout (not bundled: EncryptPool starts its threads from the package's
// dist/encrypt-worker.cjs): the Node entry's sendMany on Bun, with `workers: 'auto'` and with a pool of one
// thread. `bun bun-pool-script.ts <sink origin> <subscriptions JSON file>`; prints `BUN-POOL <JSON>`.
import { readFileSync } from 'node:fs';
import { autoWorkerCount, EncryptPool, generateVapidKeys, sendMany } from '@starter-kit/webpush/node';

const [sink, file] = process.argv.slice(2) as [string, string];
const keys = JSON.parse(readFileSync(file, 'utf8')) as { p256dh: string; auth: string }[];
const vapid = generateVapidKeys();
const options = { vapidPrivateKey: vapid.privateKeyPem, vapidClaims: { sub: 'mailto:bun@example.com' } };
const subscriptions = (path: string) => keys.map((k, i) => ({ endpoint: `${sink}/${path}/${i}`, keys: k }));

const auto = await sendMany(subscriptions('auto'), 'pooled on bun', options);
const pool = new EncryptPool(1);
const onPool = await sendMany(subscriptions('pool'), 'pooled on bun', {
  ...options,
  encryptPool: pool,
  workers: 1,
});
await pool.close();
console.log(`BUN-POOL ${JSON.stringify({ workersFor: autoWorkerCount(keys.length), auto, onPool })}`);
