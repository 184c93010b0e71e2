import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateVapidKeys, webpush, WebPushError } from '@starter-kit/webpush/node';
import { startPushService, type PushService } from './server.ts';
import { FakeBrowser, makeReceiver, makeVapidKeys, readReply, sendRaw } from './test-support.ts';

const keys = makeVapidKeys();
let service: PushService;
let browser: FakeBrowser;
let endpoint: string;

beforeEach(async () => {
  service = await startPushService();
  browser = await FakeBrowser.connect(service.wsUrl);
  endpoint = (await browser.register(keys.publicKey)).endpoint;
});
afterEach(async () => {
  await browser.close();
  await service.close();
});

const push = (to = endpoint) => sendRaw(to, { keys, aud: service.url, nowMs: Date.now(), body: 'x' });
const control = async (method: string, path: string, body?: unknown) =>
  readReply(
    await fetch(`${service.url}/_control/${path}`, {
      method,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }),
  );

describe('fault injection through the control API', () => {
  it('429 with Retry-After for the next request only, then normal service', async () => {
    expect((await control('POST', 'faults', { endpoint, status: 429, retryAfter: 7, times: 1 })).status).toBe(
      201,
    );
    const limited = await push();
    expect([
      limited.status,
      limited.headers.get('retry-after'),
      limited.json?.code,
      limited.json?.errno,
    ]).toEqual([429, '7', 429, 999]);
    expect((await push()).status).toBe(201);
    const { json } = await control('GET', `requests?endpoint=${encodeURIComponent(endpoint)}`);
    expect((json?.requests as Array<{ status: number }>).map((request) => request.status)).toEqual([
      429, 201,
    ]);
  });

  it('a fault without endpoint hits every endpoint until cleared (503, then 500)', async () => {
    const other = (await browser.register()).endpoint;
    await control('POST', 'faults', { status: 503, retryAfter: 120 });
    expect([(await push()).status, (await push(other)).status, (await push()).status]).toEqual([
      503, 503, 503,
    ]);
    expect((await control('DELETE', 'faults')).status).toBe(204);
    expect((await push()).status).toBe(201);
    await control('POST', 'faults', { status: 500 });
    expect((await push(other)).status).toBe(500);
  });

  it('drop destroys the connection without an answer; the request is logged with status 0', async () => {
    service.faults.add({ endpointId: null, action: { type: 'drop' }, times: 1 });
    await expect(push()).rejects.toThrow(/fetch failed/);
    expect(service.store.requests.map((request) => request.status)).toEqual([0]);
    expect((await push()).status).toBe(201);
  });

  it('delay answers normally after the wait and is used up', async () => {
    await control('POST', 'faults', { endpoint, delayMs: 20, times: 1 });
    expect((await push()).status).toBe(201);
    expect((await control('GET', 'faults')).json).toEqual({ faults: [] });
  });

  it('an endpoint-specific fault wins over a global one', async () => {
    await control('POST', 'faults', { status: 503 });
    await control('POST', 'faults', { endpoint: endpoint.split('/').pop(), status: 429 });
    expect((await push()).status).toBe(429);
  });

  it('the sender library sees status, Retry-After and errno of an injected 429', async () => {
    const vapid = generateVapidKeys();
    const receiver = makeReceiver();
    const { endpoint: libraryEndpoint } = await browser.register(vapid.publicKey);
    service.faults.add({
      endpointId: null,
      action: { type: 'status', status: 429, retryAfter: 30 },
      times: 1,
    });
    const subscription = {
      endpoint: libraryEndpoint,
      keys: { p256dh: receiver.p256dh, auth: receiver.auth },
    };
    const options = { vapidPrivateKey: vapid.privateKeyPem, vapidClaims: { sub: 'mailto:ops@example.com' } };
    const error = await webpush(subscription, 'hi', options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebPushError);
    expect([
      (error as WebPushError).status,
      (error as WebPushError).retryAfter,
      (error as WebPushError).json?.errno,
    ]).toEqual([429, 30, 999]);
    service.faults.add({ endpointId: null, action: { type: 'drop' }, times: 1 });
    expect(
      ((await webpush(subscription, 'hi', options).catch((caught: unknown) => caught)) as WebPushError)
        .status,
    ).toBe(0);
  });

  it.each([
    [{ status: 429, drop: true }, 'body: give exactly one of status, delayMs or drop'],
    [{}, 'body: give exactly one of status, delayMs or drop'],
    [{ status: 200 }, 'status: Too small: expected number to be >=400'],
    [{ delayMs: 10, retryAfter: 5 }, 'retryAfter: retryAfter goes with status (e.g. 429 or 503)'],
    [{ drop: true, times: 0 }, 'times: Too small: expected number to be >=1'],
    [{ drop: true, colour: 'red' }, 'body: Unrecognized key: "colour"'],
  ])('rejects the fault %j with an error naming the field', async (body, message) => {
    expect(await control('POST', 'faults', body)).toMatchObject({ status: 400, json: { error: message } });
  });
});

describe('control API: messages, state, reset, switch-off', () => {
  it('lists received messages per endpoint with headers and body length; reset clears them', async () => {
    await sendRaw(endpoint, {
      keys,
      aud: service.url,
      nowMs: Date.now(),
      body: 'twelve bytes',
      headers: { topic: 'news', urgency: 'high' },
    });
    const { json } = await control('GET', `messages?endpoint=${encodeURIComponent(endpoint)}`);
    const messages = json?.messages as Array<Record<string, unknown>>;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      bodyLength: 12,
      ttl: 60,
      topic: 'news',
      urgency: 'high',
      state: 'sent',
      deliveries: 1,
    });
    expect(messages[0]?.headers).toMatchObject({
      'content-encoding': 'aes128gcm',
      ttl: '60',
      urgency: 'high',
    });
    expect((await control('POST', 'reset')).status).toBe(204);
    expect((await control('GET', 'messages')).json).toEqual({ messages: [] });
  });

  it('state shows the browser online with its channel and registered key', async () => {
    const { json } = await control('GET', 'state');
    expect(json).toEqual({
      origin: service.url,
      browsers: [
        {
          uaid: browser.uaid,
          online: true,
          pending: 0,
          channels: [{ channelID: expect.any(String), endpoint, active: true, appServerKey: keys.publicKey }],
        },
      ],
    });
  });

  it('control: false turns the whole API off', async () => {
    const quiet = await startPushService({ control: false });
    try {
      const reply = await fetch(`${quiet.url}/_control/state`);
      expect([reply.status, ((await reply.json()) as { errno: number }).errno]).toEqual([404, 102]);
    } finally {
      await quiet.close();
    }
  });
});
