/**
 * Our sender library against this independent push service: a real encrypted push goes through
 * HTTP and the WebSocket, and the fake browser decrypts it to the exact plaintext.
 */
import { describe, expect, it } from 'vitest';
import {
  decrypt,
  generateVapidKeys,
  webpush,
  WebPushError,
  type ContentEncoding,
} from '@starter-kit/webpush/node';
import { makeReceiver, type Frame, usePushService } from './test-support.ts';

const vapid = generateVapidKeys();
const options = { vapidPrivateKey: vapid.privateKeyPem, vapidClaims: { sub: 'mailto:ops@example.com' } };
const fixture = usePushService();

async function subscribe(uaid?: string) {
  const browser = await fixture.connect(uaid);
  const receiver = makeReceiver();
  // Firefox hands over the applicationServerKey base64url with '=' padding.
  const { channelID, endpoint } = await browser.register(`${vapid.publicKey}=`);
  return {
    browser,
    receiver,
    channelID,
    subscription: { endpoint, keys: { p256dh: receiver.p256dh, auth: receiver.auth } },
  };
}

function open(note: Frame, receiver: ReturnType<typeof makeReceiver>): string {
  const headers = note.headers as Record<string, string>;
  const encoding = headers.encoding as ContentEncoding;
  const aesgcm =
    encoding === 'aesgcm'
      ? { encryption: headers.encryption ?? '', cryptoKey: headers.crypto_key ?? '' }
      : undefined;
  const body = Buffer.from(String(note.data), 'base64url');
  return decrypt(
    body,
    { privateKey: receiver.privateKey, auth: receiver.authBytes },
    encoding,
    aesgcm,
  ).toString('utf8');
}

describe('shared/webpush -> local push service -> browser', () => {
  it.each(['aes128gcm', 'aesgcm'] as const)(
    '%s: the browser decrypts the exact plaintext and acks it',
    async (contentEncoding) => {
      const { browser, receiver, channelID, subscription } = await subscribe();
      const plaintext = JSON.stringify({ title: 'Hello', body: `sent as ${contentEncoding} ✓` });
      const reply = await webpush(subscription, plaintext, {
        ...options,
        contentEncoding,
        ttl: 300,
        urgency: 'high',
      });
      expect(reply.status).toBe(201);
      expect(reply.headers.ttl).toBe('300');
      const note = await browser.next('notification');
      expect((note.headers as Record<string, string>).encoding).toBe(contentEncoding);
      expect(open(note, receiver)).toBe(plaintext);
      browser.ack(channelID, String(note.version));
      await browser.sync();
      expect(fixture.service.store.messages({ channelID })).toMatchObject([
        { state: 'acked', ackCode: 100, urgency: 'high' },
      ]);
    },
  );

  it('the largest payload the library allows (3993 bytes aes128gcm) fits the 4096-byte limit', async () => {
    const { browser, receiver, subscription } = await subscribe();
    const plaintext = 'z'.repeat(3993);
    expect((await webpush(subscription, plaintext, options)).status).toBe(201);
    expect(open(await browser.next('notification'), receiver)).toBe(plaintext);
    expect(fixture.service.store.messages()[0]?.bodyLength).toBe(4096);
  });

  it('a push sent while the browser is away is decrypted after it reconnects', async () => {
    const { browser, receiver, subscription } = await subscribe();
    await browser.close();
    await webpush(subscription, 'while you were out', { ...options, contentEncoding: 'aesgcm' });
    const back = await fixture.connect(browser.uaid);
    expect(open(await back.next('notification'), receiver)).toBe('while you were out');
  });

  it('the library reports 410 as gone after the browser unsubscribes', async () => {
    const { browser, channelID, subscription } = await subscribe();
    browser.send({ messageType: 'unregister', channelID, code: 200 });
    await browser.next('unregister');
    const error = (await webpush(subscription, 'hi', options).catch(
      (caught: unknown) => caught,
    )) as WebPushError;
    expect(error).toBeInstanceOf(WebPushError);
    expect([error.status, error.isGone, error.json?.errno]).toEqual([410, true, 106]);
  });

  it("the library reports 403 when it signs with a key other than the subscription's", async () => {
    const { subscription } = await subscribe();
    const stranger = generateVapidKeys();
    const error = (await webpush(subscription, 'hi', {
      ...options,
      vapidPrivateKey: stranger.privateKeyPem,
    }).catch((caught: unknown) => caught)) as WebPushError;
    expect([error.status, error.json?.errno]).toEqual([403, 109]);
  });
});
