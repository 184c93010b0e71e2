// `npm run example`: a sandbox to try the library and the CLI offline. Starts the local push service and a
// stand-in browser that subscribes and prints every push it receives, decrypted; writes subscription.json and
// private_key.pem (if absent) in the current folder, then runs examples/send.ts once. Ctrl-C to stop.
// The push service listens on PUSH_SERVICE_PORT (default 8089, the port `npm run dev` uses too).
import { existsSync, writeFileSync } from 'node:fs';
import { createECDH, randomBytes } from 'node:crypto';
import { FakeBrowser } from '../push-service/fake-browser.ts';
import { startPushService } from '../push-service/server.ts';
import { decrypt, generateVapidKeys, loadVapidKey } from '@starter-kit/webpush/node';
import { explainPortInUse, exitOnStartupError, portFromEnv } from '../scripts/ports.ts';

async function startService() {
  const port = portFromEnv('PUSH_SERVICE_PORT', 8089, 0);
  const start = startPushService({ port, control: false });
  return explainPortInUse(start, port, 'push service', 'set PUSH_SERVICE_PORT to another port');
}

const service = await startService().catch(exitOnStartupError('npm run example'));
if (!existsSync('private_key.pem'))
  writeFileSync('private_key.pem', generateVapidKeys().privateKeyPem, { mode: 0o600 });
const applicationServerKey = loadVapidKey('private_key.pem').publicKey;

const browser = await FakeBrowser.connect(service.wsUrl);
const { channelID, endpoint } = await browser.register(applicationServerKey);
const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const auth = randomBytes(16);
const subscription = {
  endpoint,
  expirationTime: null,
  keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
};
writeFileSync('subscription.json', `${JSON.stringify(subscription, null, 2)}\n`);
console.log(`Push service on ${service.url}; a browser subscribed with private_key.pem's public key.
Wrote subscription.json. Pushes it receives are printed below, decrypted. Try, in another terminal:
  npx tsx examples/send.ts
  echo '{"title":"From the CLI"}' > data.json
  npx webpush --info subscription.json --data data.json --claims examples/vapid_claims.json --key private_key.pem
  npx webpush --info subscription.json --data data.json --claims examples/vapid_claims.json --key private_key.pem --encoding aesgcm
  npx webpush --info subscription.json --head examples/windows_headers.json --claims examples/vapid_claims.json --key private_key.pem
`);

void (async () => {
  for (;;) {
    const note = await browser.next('notification').catch(() => undefined);
    if (!note) return;
    const headers = note.headers as Record<string, string> | undefined;
    const encoding = headers?.encoding === 'aesgcm' ? 'aesgcm' : 'aes128gcm';
    const body = typeof note.data === 'string' ? Buffer.from(note.data, 'base64url') : Buffer.alloc(0);
    const text = body.length
      ? decrypt(body, { privateKey: ecdh.getPrivateKey(), auth }, encoding, {
          encryption: headers?.encryption ?? '',
          cryptoKey: headers?.crypto_key ?? '',
        }).toString()
      : '(no payload)';
    console.log(`received (${encoding}): ${text}`);
    browser.ack(channelID, String(note.version));
  }
})();

await import('./send.ts');
if (process.argv.includes('--once')) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await browser.close();
  await service.close();
} else {
  process.once(
    'SIGINT',
    () =>
      void browser
        .close()
        .then(() => service.close())
        .then(() => process.exit(0)),
  );
}
