import { afterEach, describe, expect, it } from 'vitest';
import { subscriptions } from '../db/schema.ts';
import { browserSubscription, bootForTest, jsonRequest, signIn, subscribe } from '../testing/harness.ts';

const ENDPOINT = 'https://updates.push.example.net/wpush/v2/device-1';

describe('POST /api/subscriptions', () => {
  let server: ReturnType<typeof bootForTest>;
  afterEach(async () => server.close());

  it('stores a new subscription (201) and updates, never duplicates, on the same endpoint (200)', async () => {
    server = bootForTest();
    const cookie = await signIn(server.app, 'ada');
    const first = browserSubscription(ENDPOINT);
    const created = await server.app.request(
      '/api/subscriptions',
      jsonRequest(
        'POST',
        { ...first.json, contentEncodings: ['aes128gcm', 'aesgcm'] },
        { cookie, 'user-agent': 'Firefox/153' },
      ),
    );
    expect(created.status).toBe(201);
    const { device } = (await created.json()) as { device: Record<string, unknown> };
    expect(device).toEqual({
      id: 1,
      pushService: 'https://updates.push.example.net',
      contentEncoding: 'aes128gcm',
      userAgent: 'Firefox/153',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      lastSuccessAt: null,
      lastFailureAt: null,
      failureCount: 0,
    });

    const renewed = browserSubscription(ENDPOINT);
    const again = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', { ...renewed.json, contentEncodings: ['aesgcm'] }, { cookie }),
    );
    expect(again.status).toBe(200);
    expect(
      ((await again.json()) as { device: { id: number; contentEncoding: string } }).device,
    ).toMatchObject({
      id: 1,
      contentEncoding: 'aesgcm',
    });
    const rows = server.db.select().from(subscriptions).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      endpoint: ENDPOINT,
      p256dh: renewed.json.keys.p256dh,
      auth: renewed.json.keys.auth,
    });
  });

  it('keeps devices per user and moves a re-subscribed endpoint to the current user', async () => {
    server = bootForTest();
    const ada = await signIn(server.app, 'ada');
    const bob = await signIn(server.app, 'bob');
    const adaDevice = await subscribe(server.app, ada, browserSubscription(`${ENDPOINT}-ada`).json);
    const shared = browserSubscription(`${ENDPOINT}-shared`).json;
    const sharedId = await subscribe(server.app, ada, shared);

    const listIds = async (cookie: string) => {
      const res = await server.app.request('/api/subscriptions', { headers: { cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { devices: { id: number }[] }).devices.map((device) => device.id);
    };
    expect(await listIds(ada)).toEqual([adaDevice, sharedId]);
    expect(await listIds(bob)).toEqual([]);

    const moved = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', shared, { cookie: bob }),
    );
    expect(moved.status).toBe(200);
    expect(await listIds(ada)).toEqual([adaDevice]);
    expect(await listIds(bob)).toEqual([sharedId]);
  });

  it("replaces the user's old endpoint named in `replaces` (pushsubscriptionchange), not another user's", async () => {
    server = bootForTest();
    const ada = await signIn(server.app, 'ada');
    const bob = await signIn(server.app, 'bob');
    await subscribe(server.app, ada, browserSubscription(`${ENDPOINT}-old`).json);
    await subscribe(server.app, bob, browserSubscription(`${ENDPOINT}-bob`).json);

    const renewed = { ...browserSubscription(`${ENDPOINT}-new`).json, replaces: `${ENDPOINT}-old` };
    const res = await server.app.request('/api/subscriptions', jsonRequest('POST', renewed, { cookie: ada }));
    expect(res.status).toBe(201);
    const notHis = { ...browserSubscription(`${ENDPOINT}-ada2`).json, replaces: `${ENDPOINT}-bob` };
    expect(
      (await server.app.request('/api/subscriptions', jsonRequest('POST', notHis, { cookie: ada }))).status,
    ).toBe(201);

    const endpoints = server.db.select({ endpoint: subscriptions.endpoint }).from(subscriptions).all();
    expect(endpoints.map((row) => row.endpoint).sort()).toEqual([
      `${ENDPOINT}-ada2`,
      `${ENDPOINT}-bob`,
      `${ENDPOINT}-new`,
    ]);
  });

  it('answers 401 without a session', async () => {
    server = bootForTest();
    const res = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', browserSubscription(ENDPOINT).json),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        status: 401,
        code: 'unauthorized',
        message: 'sign in first (POST /api/session with your name)',
      },
    });
    expect((await server.app.request('/api/subscriptions')).status).toBe(401);
    expect((await server.app.request('/api/subscriptions/1', { method: 'DELETE' })).status).toBe(401);
    expect((await server.app.request('/api/subscriptions/test', { method: 'POST' })).status).toBe(401);
  });
});

describe('DELETE /api/subscriptions/:id', () => {
  it("deletes the user's own device (204) and not another user's (404)", async () => {
    const server = bootForTest();
    const ada = await signIn(server.app, 'ada');
    const bob = await signIn(server.app, 'bob');
    const id = await subscribe(server.app, ada, browserSubscription(ENDPOINT).json);

    const byBob = await server.app.request(`/api/subscriptions/${id}`, {
      method: 'DELETE',
      headers: { cookie: bob },
    });
    expect(byBob.status).toBe(404);
    expect(await byBob.json()).toEqual({
      error: { status: 404, code: 'not_found', message: 'no such device among yours' },
    });
    expect(server.db.select().from(subscriptions).all()).toHaveLength(1);

    const byAda = await server.app.request(`/api/subscriptions/${id}`, {
      method: 'DELETE',
      headers: { cookie: ada },
    });
    expect(byAda.status).toBe(204);
    expect(server.db.select().from(subscriptions).all()).toHaveLength(0);

    const badId = await server.app.request('/api/subscriptions/abc', {
      method: 'DELETE',
      headers: { cookie: ada },
    });
    expect(await badId.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'id must be a positive integer',
        field: 'id',
      },
    });
    await server.close();
  });
});
