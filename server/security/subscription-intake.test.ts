import { afterEach, describe, expect, it } from 'vitest';
import { subscriptions } from '../db/schema.ts';
import {
  bootForTest,
  browserSubscription,
  jsonRequest,
  offlineLookup,
  signIn,
  subscribe,
} from '../testing/harness.ts';

const PRODUCTION = { NODE_ENV: 'production' };
const dns = offlineLookup({
  'fcm.googleapis.com': ['142.250.74.42'],
  'updates.push.services.mozilla.com': ['34.117.65.55'],
  'push.example.net': ['93.184.215.14'],
  'intranet.example.net': ['10.20.30.40'],
});

describe('subscription intake policy', () => {
  let server: ReturnType<typeof bootForTest>;
  afterEach(async () => server.close());

  const post = async (cookie: string, endpoint: string) =>
    server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', browserSubscription(endpoint).json, { cookie }),
    );

  it.each([
    [
      'http://127.0.0.1:8099/push/1',
      'endpoint http://127.0.0.1:8099 must use https; plain http is allowed only for origins listed in ALLOW_HTTP_ENDPOINTS (e.g. ALLOW_HTTP_ENDPOINTS=http://127.0.0.1:8099 for a local push service)',
    ],
    [
      'https://169.254.169.254/latest/meta-data',
      'endpoint https://169.254.169.254 resolves to a cloud metadata address (169.254.169.254); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development',
    ],
    [
      'https://10.0.0.1/x',
      'endpoint https://10.0.0.1 resolves to a private address (10.0.0.1); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development',
    ],
    [
      'https://push.example.net/x',
      'endpoint host push.example.net is not a known push service (allowed: fcm.googleapis.com, *.push.services.mozilla.com, *.push.apple.com, *.notify.windows.com); set PUSH_SERVICE_ALLOWLIST=default,push.example.net to add it, or PUSH_SERVICE_ALLOWLIST=off to accept any public host',
    ],
  ])(
    'in production refuses %s, saying why and how to allow it; nothing is stored',
    async (endpoint, message) => {
      server = bootForTest(PRODUCTION, { lookup: dns });
      const res = await post(await signIn(server.app, 'ada'), endpoint);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { status: 400, code: 'validation_failed', message, field: 'endpoint' },
      });
      expect(server.db.select().from(subscriptions).all()).toHaveLength(0);
    },
  );

  it('in production accepts the known push services and the local http origin', async () => {
    server = bootForTest({ ...PRODUCTION, ALLOW_HTTP_ENDPOINTS: 'http://127.0.0.1:8099' }, { lookup: dns });
    const cookie = await signIn(server.app, 'ada');
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'http://127.0.0.1:8099/push/1',
    ])
      expect((await post(cookie, endpoint)).status).toBe(201);
    expect(server.db.select().from(subscriptions).all()).toHaveLength(3);
  });

  it('refuses a name that resolves to a private address, unless ALLOW_PRIVATE_ENDPOINTS is set', async () => {
    server = bootForTest({}, { lookup: dns });
    const res = await post(await signIn(server.app, 'ada'), 'https://intranet.example.net/push');
    expect(await res.json()).toEqual({
      error: {
        status: 400,
        code: 'validation_failed',
        message:
          'endpoint https://intranet.example.net resolves to a private address (10.20.30.40); set ALLOW_PRIVATE_ENDPOINTS=1 to allow it in development',
        field: 'endpoint',
      },
    });
    await server.close();

    server = bootForTest({ ALLOW_PRIVATE_ENDPOINTS: '1' }, { lookup: dns });
    const cookie = await signIn(server.app, 'ada');
    expect((await post(cookie, 'https://intranet.example.net/push')).status).toBe(201);
    expect((await post(cookie, 'https://10.0.0.1/push')).status).toBe(201);
  });

  it('caps the devices per user (409), counting neither updates nor the endpoint being replaced', async () => {
    server = bootForTest({ MAX_DEVICES_PER_USER: '2' }, { lookup: dns });
    const ada = await signIn(server.app, 'ada');
    await subscribe(server.app, ada, browserSubscription('https://push.example.net/1').json);
    await subscribe(server.app, ada, browserSubscription('https://push.example.net/2').json);

    const third = await post(ada, 'https://push.example.net/3');
    expect(third.status).toBe(409);
    expect(await third.json()).toEqual({
      error: {
        status: 409,
        code: 'conflict',
        message:
          'you already have 2 devices, the most one user may have (MAX_DEVICES_PER_USER=2); remove one before adding this browser, or raise MAX_DEVICES_PER_USER',
      },
    });
    expect((await post(ada, 'https://push.example.net/2')).status).toBe(200);
    const renewed = {
      ...browserSubscription('https://push.example.net/2b').json,
      replaces: 'https://push.example.net/2',
    };
    expect(
      (await server.app.request('/api/subscriptions', jsonRequest('POST', renewed, { cookie: ada }))).status,
    ).toBe(201);
    // Another user has their own allowance.
    expect((await post(await signIn(server.app, 'bob'), 'https://push.example.net/3')).status).toBe(201);
    const rows = server.db.select({ endpoint: subscriptions.endpoint }).from(subscriptions).all();
    expect(rows.map((row) => row.endpoint).sort()).toEqual([
      'https://push.example.net/1',
      'https://push.example.net/2b',
      'https://push.example.net/3',
    ]);
  });

  it('cuts a long user agent to 512 characters before storing it', async () => {
    server = bootForTest({}, { lookup: dns });
    const cookie = await signIn(server.app, 'ada');
    const res = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', browserSubscription('https://push.example.net/ua').json, {
        cookie,
        'user-agent': 'U'.repeat(5000),
      }),
    );
    expect(res.status).toBe(201);
    expect(server.db.select().from(subscriptions).get()!.userAgent).toBe('U'.repeat(512));
  });
});
