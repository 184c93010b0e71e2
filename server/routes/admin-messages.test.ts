import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from '@starter-kit/webpush/node';
import { deliveries, subscriptions, users } from '../db/schema.ts';
import { loadOrCreateReceiptSecret } from '../push/receipt-secret.ts';
import { verifyReceiptToken } from '../push/receipt-token.ts';
import {
  admin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink, type SinkReply } from '../testing/push-sink.ts';

const GONE_BODY = {
  code: 410,
  errno: 106,
  error: 'Gone',
  message: 'Request did not validate No such subscription',
  more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes',
};
const THROTTLED_BODY = {
  code: 429,
  errno: 201,
  error: 'Too Many Requests',
  message: 'Too many messages for this user',
};

describe('POST /api/admin/messages to a real local push endpoint', () => {
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let server: ReturnType<typeof bootForTest>;
  beforeAll(async () => {
    sink = await startPushSink((path): SinkReply => {
      if (path === '/push/gone')
        return {
          status: 410,
          body: JSON.stringify(GONE_BODY),
          headers: { 'content-type': 'application/json' },
        };
      if (path === '/push/busy')
        return { status: 429, body: JSON.stringify(THROTTLED_BODY), headers: { 'retry-after': '60' } };
      return { status: 201, headers: { location: `${path}/m1` } };
    });
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  it('records delivered / expired / failed with statuses, prunes the 410 device and counts exactly', async () => {
    const ada = browserSubscription(`${sink.origin}/push/ok`);
    const adaId = await subscribe(server.app, await signIn(server.app, 'ada'), ada.json);
    const bobId = await subscribe(
      server.app,
      await signIn(server.app, 'bob'),
      browserSubscription(`${sink.origin}/push/gone`).json,
    );
    const carlId = await subscribe(
      server.app,
      await signIn(server.app, 'carl'),
      browserSubscription(`${sink.origin}/push/busy`).json,
    );

    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        {
          title: 'Hello',
          body: 'World',
          url: '/news',
          ttl: 600,
          urgency: 'high',
          topic: 'news',
          target: { type: 'all' },
        },
        admin,
      ),
    );
    expect(res.status).toBe(202);
    const { message: queued } = (await res.json()) as { message: { id: number } };
    expect(queued).toMatchObject({
      status: 'queued',
      total: 3,
      accepted: 0,
      expired: 0,
      failed: 0,
      pending: 3,
      finishedAt: null,
    });

    await server.fanout.whenIdle();

    const detail = await server.app.request(`/api/admin/messages/${queued.id}`, { headers: admin });
    expect(detail.status).toBe(200);
    const { message, deliveries } = (await detail.json()) as { message: object; deliveries: object[] };
    expect(message).toMatchObject({
      title: 'Hello',
      body: 'World',
      url: '/news',
      icon: null,
      ttl: 600,
      urgency: 'high',
      topic: 'news',
      target: { type: 'all' },
      status: 'done',
      total: 3,
      accepted: 1,
      expired: 1,
      failed: 1,
      pending: 0,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    // No receipts yet: the sink is no browser, it reports nothing.
    const noReceipts = { shownAt: null, clickedAt: null, clickedAction: null, closedAt: null };
    const common = { pushService: sink.origin, attempts: 1, ...noReceipts };
    expect(deliveries).toEqual([
      {
        ...common,
        id: 1,
        subscriptionId: adaId,
        userId: 1,
        userName: 'ada',
        outcome: 'accepted',
        status: 201,
        reason: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      {
        ...common,
        id: 2,
        subscriptionId: null,
        userId: 2,
        userName: 'bob',
        outcome: 'expired',
        status: 410,
        reason: GONE_BODY.message,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      {
        ...common,
        id: 3,
        subscriptionId: carlId,
        userId: 3,
        userName: 'carl',
        outcome: 'failed',
        status: 429,
        reason: THROTTLED_BODY.message,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);

    // The 410 device is gone; the others carry the outcome.
    expect(server.db.select().from(subscriptions).where(eq(subscriptions.id, bobId)).get()).toBeUndefined();
    const adaRow = server.db.select().from(subscriptions).where(eq(subscriptions.id, adaId)).get()!;
    expect(adaRow.lastSuccessAt).toBeInstanceOf(Date);
    expect(adaRow.failureCount).toBe(0);
    const carlRow = server.db.select().from(subscriptions).where(eq(subscriptions.id, carlId)).get()!;
    expect(carlRow.lastFailureAt).toBeInstanceOf(Date);
    expect(carlRow.failureCount).toBe(1);

    // What reached the push service: RFC 8030 headers and a payload only the device can read.
    expect([sink.count('/push/ok'), sink.count('/push/gone'), sink.count('/push/busy')]).toEqual([1, 1, 1]);
    const push = sink.received.find((p) => p.path === '/push/ok')!;
    expect(push.headers).toMatchObject({
      ttl: '600',
      urgency: 'high',
      topic: 'news',
      'content-encoding': 'aes128gcm',
    });
    expect(push.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${server.vapid.publicKey}$`),
    );
    // Declarative Web Push, byte for byte; the link is made absolute against the origin the API was asked on.
    // With ada's own receipt token (delivery 1) in the data and the link on the site.
    const plaintext = decrypt(push.body, { privateKey: ada.receiver.privateKey, auth: ada.receiver.auth });
    const token = /"receipt":"(1\.[0-9a-z]+\.[\w-]{22})"/.exec(plaintext.toString('utf8'))?.[1];
    expect(token).toBeDefined();
    expect(plaintext.toString('utf8')).toBe(
      `{"web_push":8030,"notification":{"title":"Hello","body":"World","navigate":"http://localhost/news?receipt=${token}",` +
        `"tag":"message-${queued.id}","data":{"messageId":${queued.id},"receipt":"${token}"}},"mutable":true}`,
    );

    const history = await server.app.request('/api/admin/messages', { headers: admin });
    expect(((await history.json()) as { messages: { id: number }[] }).messages.map((m) => m.id)).toEqual([
      queued.id,
    ]);
  });

  it('stores a rich message and pushes every field where the declarative format has it', async () => {
    const dora = browserSubscription(`${sink.origin}/push/rich`);
    await subscribe(server.app, await signIn(server.app, 'dora'), dora.json);
    const doraUser = server.db.select().from(users).where(eq(users.name, 'dora')).get()!;
    const rich = {
      title: 'Sale',
      body: 'Two days only',
      url: '/sale',
      icon: '/icon.png',
      image: 'https://cdn.example/sale.jpg',
      badge: '/badge.png',
      tag: 'sale',
      actions: [
        { title: 'Shop', url: '/shop' },
        { title: 'Elsewhere', url: 'https://other.example/x' },
      ],
      requireInteraction: true,
      renotify: true,
      vibrate: [200, 100, 200],
      timestamp: '2026-12-01T09:30:00.000Z',
      lang: 'en-GB',
      dir: 'ltr',
      appBadge: 4,
      target: { type: 'users', userIds: [doraUser.id] },
    };
    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', rich, { ...admin, origin: 'https://app.example' }),
    );
    expect(res.status).toBe(202);
    const { message } = (await res.json()) as { message: { id: number } };
    const { target: _target, ...fields } = rich;
    expect(message).toMatchObject({ ...fields, silent: false });
    await server.fanout.whenIdle();

    const push = sink.received.find((p) => p.path === '/push/rich')!;
    const plaintext = decrypt(push.body, { privateKey: dora.receiver.privateKey, auth: dora.receiver.auth });
    // The delivery's receipt token, genuine and for this delivery, in the data and in the links on the site.
    const text = plaintext.toString('utf8');
    const token = /"receipt":"([^"]+)"/.exec(text)![1]!;
    const delivery = server.db.select().from(deliveries).where(eq(deliveries.messageId, message.id)).get()!;
    const claim = verifyReceiptToken(loadOrCreateReceiptSecret(server.db), token, new Date());
    expect(claim?.deliveryId).toBe(delivery.id);
    expect(text).toBe(
      '{"web_push":8030,"notification":{"title":"Sale","body":"Two days only",' +
        `"navigate":"https://app.example/sale?receipt=${token}",` +
        '"lang":"en-GB","dir":"ltr","tag":"sale","icon":"/icon.png","image":"https://cdn.example/sale.jpg",' +
        '"badge":"/badge.png","actions":[{"action":"action-1","title":"Shop",' +
        `"navigate":"https://app.example/shop?receipt=${token}&receipt_action=action-1"},` +
        '{"action":"action-2","title":"Elsewhere","navigate":"https://other.example/x"}],' +
        '"requireInteraction":true,"renotify":true,"vibrate":[200,100,200],"timestamp":1796117400000,' +
        `"data":{"messageId":${message.id},"receipt":"${token}"}},"app_badge":4,"mutable":true}`,
    );
  });

  it('finishes at once when nobody matches, and names a user id that does not exist', async () => {
    await signIn(server.app, 'erin');
    const erin = server.db.select().from(users).where(eq(users.name, 'erin')).get()!;
    const none = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        { title: 'Nobody', body: '', target: { type: 'users', userIds: [erin.id] } },
        admin,
      ),
    );
    expect(((await none.json()) as { message: object }).message).toMatchObject({
      status: 'done',
      total: 0,
      pending: 0,
    });

    const missing = await server.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Ghost', body: '', target: { type: 'users', userIds: [1, 999] } }, admin),
    );
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'target.userIds[1] names user 999, who does not exist',
        field: 'target.userIds[1]',
      },
    });
    const unknown = await server.app.request('/api/admin/messages/999', { headers: admin });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { status: 404, code: 'not_found', message: 'message 999 does not exist' },
    });
  });
});
