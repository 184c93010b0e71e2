import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../db/schema.ts';
import {
  admin,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';

describe('targeted sends and the test push, against a real local push endpoint', () => {
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  let server: ReturnType<typeof bootForTest>;
  beforeAll(async () => {
    sink = await startPushSink((path) => (path.endsWith('/gone') ? { status: 410 } : { status: 201 }));
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  it('sends only to the chosen users, with the default TTL and urgency', async () => {
    await subscribe(
      server.app,
      await signIn(server.app, 'ada'),
      browserSubscription(`${sink.origin}/ada`).json,
    );
    const dana = await signIn(server.app, 'dana');
    await subscribe(server.app, dana, browserSubscription(`${sink.origin}/dana`).json);
    const danaId = (
      (await (await server.app.request('/api/session', { headers: { cookie: dana } })).json()) as {
        user: { id: number };
      }
    ).user.id;

    const before = sink.received.length;
    const res = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        { title: 'Just Dana', body: '', target: { type: 'users', userIds: [danaId] } },
        admin,
      ),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { message: object }).message).toMatchObject({
      total: 1,
      ttl: 86400,
      urgency: 'normal',
      target: { type: 'users', userIds: [danaId] },
    });
    await server.fanout.whenIdle();
    expect(
      sink.received.slice(before).map((push) => [push.path, push.headers.ttl, push.headers.urgency]),
    ).toEqual([['/dana', '86400', 'normal']]);
  });

  it("POST /api/subscriptions/test pushes to each of the user's devices and reports the outcomes", async () => {
    const cookie = await signIn(server.app, 'erin');
    const phone = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/erin/phone`).json);
    const old = await subscribe(server.app, cookie, browserSubscription(`${sink.origin}/erin/gone`).json);

    const res = await server.app.request('/api/subscriptions/test', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [
        { deviceId: phone, pushService: sink.origin, outcome: 'accepted', status: 201, reason: null },
        {
          deviceId: old,
          pushService: sink.origin,
          outcome: 'expired',
          status: 410,
          reason: 'push service answered 410',
        },
      ],
    });
    expect(sink.received.find((push) => push.path === '/erin/phone')!.headers).toMatchObject({ ttl: '300' });
    const left = server.db.select({ id: subscriptions.id }).from(subscriptions).all();
    expect(left.map((row) => row.id)).not.toContain(old);
    expect(left.map((row) => row.id)).toContain(phone);
  });
});
