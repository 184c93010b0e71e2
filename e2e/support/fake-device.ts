import { createECDH, randomBytes } from 'node:crypto';
import { FakeBrowser } from '../../push-service/fake-browser.ts';
import { decrypt } from '@starter-kit/webpush/node';

/**
 * A device without a browser: a socket to the local push service speaking Mozilla's protocol (as Firefox
 * does), subscribed to an app through its public API with real P-256 keys, so the specs can read the exact
 * payload a push carried (its receipt token included) and the time it arrived.
 */
export interface FakeDevice {
  endpoint: string;
  /** The user's session cookie on the app. */
  cookie: string;
  /** The next push's decrypted text and when it arrived (acked as delivered). */
  nextPush(timeoutMs?: number): Promise<{ text: string; receivedAt: number }>;
  /** Pushes that arrived and were not taken yet. */
  pending(): Promise<number>;
  close(): Promise<void>;
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

export async function fakeDevice(appUrl: string, pushWsUrl: string, userName: string): Promise<FakeDevice> {
  const { publicKey } = (await (
    await ok(await fetch(`${appUrl}/api/vapid-public-key`), 'VAPID key')
  ).json()) as {
    publicKey: string;
  };
  const browser = await FakeBrowser.connect(pushWsUrl);
  const { channelID, endpoint } = await browser.register(publicKey);
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);

  const json = { 'content-type': 'application/json' };
  const signedIn = await ok(
    await fetch(`${appUrl}/api/session`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: userName }),
    }),
    'sign-in',
  );
  const cookie = signedIn.headers
    .getSetCookie()
    .find((line) => line.startsWith('session='))!
    .split(';')[0]!;
  await ok(
    await fetch(`${appUrl}/api/subscriptions`, {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({
        endpoint,
        expirationTime: null,
        keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
        contentEncodings: ['aes128gcm'],
      }),
    }),
    'subscribe',
  );

  return {
    endpoint,
    cookie,
    async nextPush(timeoutMs = 30_000) {
      const frame = await Promise.race([
        browser.next('notification'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no push within ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]);
      const receivedAt = Date.now();
      browser.ack(channelID, String(frame.version));
      const body = Buffer.from(String(frame.data), 'base64url');
      const text = decrypt(body, { privateKey: ecdh.getPrivateKey(), auth }, 'aes128gcm').toString('utf8');
      return { text, receivedAt };
    },
    async pending() {
      await browser.sync();
      const frames = browser.take('notification');
      // take() removes them; put nothing back: callers only count what is left over at the end.
      return frames.length;
    },
    close: () => browser.close(),
  };
}
