import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import type { AppType } from './app.ts';
import { ADMIN_TOKEN, bootForTest, browserSubscription } from './testing/harness.ts';

// The web side calls the API through this typed client; this checks the types line up and work.
describe('hc<AppType>', () => {
  it('signs in, subscribes, lists devices and reads admin data through the typed client', async () => {
    const server = bootForTest();
    let cookie = '';
    const client = hc<AppType>('http://localhost', {
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        if (cookie) headers.set('cookie', cookie);
        const res = await server.app.request(input instanceof Request ? input : String(input), {
          ...init,
          headers,
        });
        const set = res.headers.getSetCookie()[0];
        if (set) cookie = set.split(';')[0]!;
        return res;
      },
    });

    const key = await (await client.api['vapid-public-key'].$get()).json();
    expect(key.publicKey).toBe(server.vapid.publicKey);

    const session = await client.api.session.$post({ json: { name: 'ada' } });
    expect((await session.json()).user.name).toBe('ada');

    const subscribed = await client.api.subscriptions.$post({
      json: browserSubscription('https://push.example.net/a').json,
    });
    expect(subscribed.status).toBe(201);
    const devices = await (await client.api.subscriptions.$get()).json();
    expect(devices.devices.map((device) => device.pushService)).toEqual(['https://push.example.net']);

    const removed = await client.api.subscriptions[':id'].$delete({
      param: { id: String(devices.devices[0]!.id) },
    });
    expect(removed.status).toBe(204);

    const sent = await client.api.admin.messages.$post(
      { json: { title: 'Hi', body: '', target: { type: 'all' } } },
      { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
    );
    expect(sent.status).toBe(202);
    if (sent.status === 202) expect((await sent.json()).message.status).toBe('done');
    await server.close();
  });
});
