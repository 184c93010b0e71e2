import { describe, expect, it } from 'vitest';
import { FakeBrowser, makeVapidKeys, sendRaw, usePushService } from './test-support.ts';

const keys = makeVapidKeys();
const fixture = usePushService();
const connect = (uaid?: string) => fixture.connect(uaid);

const push = (endpoint: string, body?: string, headers?: Record<string, string | undefined>) =>
  sendRaw(endpoint, {
    keys,
    aud: fixture.service.url,
    nowMs: Date.now(),
    ...(body !== undefined && { body }),
    ...(headers && { headers }),
  });

describe('push WebSocket protocol (as Firefox speaks it)', () => {
  it('hello: assigns a 32-hex uaid, keeps it on reconnect, replaces an unknown one', async () => {
    const first = await connect();
    expect(first.uaid).toMatch(/^[0-9a-f]{32}$/);
    await first.close();
    const again = await connect(first.uaid);
    expect(again.uaid).toBe(first.uaid);
    const stranger = await connect('0123456789abcdef0123456789abcdef');
    expect(stranger.uaid).not.toBe('0123456789abcdef0123456789abcdef');
  });

  it('hello reply has exactly the fields Firefox expects, and the subprotocol is push-notification', async () => {
    const browser = await FakeBrowser.open(fixture.service.wsUrl);
    fixture.track(browser);
    expect(browser.ws.protocol).toBe('push-notification');
    browser.send({ messageType: 'hello', broadcasts: {}, use_webpush: true });
    const hello = await browser.next('hello');
    expect(hello).toEqual({
      messageType: 'hello',
      uaid: hello.uaid,
      status: 200,
      use_webpush: true,
      broadcasts: {},
    });
  });

  it('answers a "{}" ping with "{}"', async () => {
    const browser = await connect();
    browser.send('{}');
    expect(await browser.next('ping')).toEqual({});
  });

  it('register replies with an http://127.0.0.1:PORT/wpush/<id> endpoint', async () => {
    const browser = await connect();
    browser.send({
      messageType: 'register',
      channelID: 'f0b5a3c2-1d4e-4f6a-8b7c-9d0e1f2a3b4c',
      key: `${keys.publicKey}=`,
    });
    const reply = await browser.next('register');
    expect(reply).toEqual({
      messageType: 'register',
      channelID: 'f0b5a3c2-1d4e-4f6a-8b7c-9d0e1f2a3b4c',
      status: 200,
      pushEndpoint: expect.stringMatching(new RegExp(`^${fixture.service.url}/wpush/[A-Za-z0-9_-]{32}$`)),
    });
  });

  it('register refuses a channelID that is not a UUID and a key that is not a P-256 point', async () => {
    const browser = await connect();
    browser.send({ messageType: 'register', channelID: 'nope' });
    expect(await browser.next('register')).toMatchObject({ status: 400, error: 'channelID must be a UUID' });
    browser.send({ messageType: 'register', channelID: 'f0b5a3c2-1d4e-4f6a-8b7c-9d0e1f2a3b4c', key: 'AAAA' });
    expect((await browser.next('register')).status).toBe(400);
  });

  it('closes the socket (1008) when a browser registers before hello', async () => {
    const browser = await FakeBrowser.open(fixture.service.wsUrl);
    fixture.track(browser);
    browser.send({ messageType: 'register', channelID: 'f0b5a3c2-1d4e-4f6a-8b7c-9d0e1f2a3b4c' });
    await expect(browser.next('register')).rejects.toThrow('socket closed (1008)');
  });

  it('delivers a push as a notification with base64url data and encoding headers; ack 100 ends it', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    const reply = await push(endpoint, 'encrypted bytes');
    expect(reply.status).toBe(201);
    const note = await browser.next('notification');
    expect(note).toEqual({
      messageType: 'notification',
      channelID,
      version: expect.any(String),
      data: Buffer.from('encrypted bytes').toString('base64url'),
      headers: { encoding: 'aes128gcm' },
    });
    expect(reply.headers.get('location')).toBe(`${fixture.service.url}/m/${String(note.version)}`);
    browser.ack(channelID, String(note.version));
    await browser.sync();
    expect(fixture.service.store.messages({ channelID })).toMatchObject([
      { state: 'acked', ackCode: 100, deliveries: 1 },
    ]);
    await browser.close();
    const again = await connect(browser.uaid);
    await again.sync();
    expect(again.take('notification')).toEqual([]);
  });

  it('forwards aesgcm Encryption and Crypto-Key as encryption/crypto_key, without quotes or padding', async () => {
    const browser = await connect();
    const { endpoint } = await browser.register(keys.publicKey);
    await push(endpoint, 'x', {
      'content-encoding': 'aesgcm',
      encryption: 'salt="c2FsdA=="',
      'crypto-key': 'dh=BBBB==;p256ecdsa=CCCC',
    });
    expect((await browser.next('notification')).headers).toEqual({
      encoding: 'aesgcm',
      encryption: 'salt=c2FsdA',
      crypto_key: 'dh=BBBB;p256ecdsa=CCCC',
    });
  });

  it('a push without a body arrives without data and headers', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    expect((await push(endpoint)).status).toBe(201);
    expect(await browser.next('notification')).toEqual({
      messageType: 'notification',
      channelID,
      version: expect.any(String),
    });
  });

  it('after unregister the endpoint answers 410 with errno 106', async () => {
    const browser = await connect();
    const { channelID, endpoint } = await browser.register(keys.publicKey);
    browser.send({ messageType: 'unregister', channelID, code: 200 });
    expect(await browser.next('unregister')).toEqual({ messageType: 'unregister', channelID, status: 200 });
    const reply = await push(endpoint, 'late');
    expect([reply.status, reply.json?.errno]).toEqual([410, 106]);
  });

  it('a second connection with the same uaid takes over delivery', async () => {
    const old = await connect();
    const { endpoint } = await old.register(keys.publicKey);
    const fresh = await connect(old.uaid);
    await push(endpoint, 'to the new socket');
    expect((await fresh.next('notification')).data).toBe(
      Buffer.from('to the new socket').toString('base64url'),
    );
    await expect(old.next('notification')).rejects.toThrow('socket closed (1000)');
  });
});
