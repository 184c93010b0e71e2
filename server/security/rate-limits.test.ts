import { afterEach, describe, expect, it } from 'vitest';
import { subscriptions, users } from '../db/schema.ts';
import {
  ADMIN_TOKEN,
  bootForTest,
  browserSubscription,
  fromAddress,
  jsonRequest,
  signIn,
} from '../testing/harness.ts';

describe('per-client rate limits', () => {
  let server: ReturnType<typeof bootForTest>;
  afterEach(async () => server.close());

  const subscribeFrom = (
    ip: string,
    cookie: string,
    endpoint: string,
    headers: Record<string, string> = {},
  ) =>
    server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', browserSubscription(endpoint).json, { cookie, ...headers }),
      fromAddress(ip),
    );

  it('POST /api/subscriptions: 429 with Retry-After and the one error shape, per client address', async () => {
    server = bootForTest({ RATE_LIMIT_SUBSCRIBE: '2/1h' });
    const cookie = await signIn(server.app, 'ada');
    expect((await subscribeFrom('198.51.100.7', cookie, 'https://push.example.net/1')).status).toBe(201);
    // A refused body counts too: the limit is on requests, before any parsing.
    const bad = await server.app.request(
      '/api/subscriptions',
      jsonRequest('POST', { endpoint: 7 }, { cookie }),
      fromAddress('198.51.100.7'),
    );
    expect(bad.status).toBe(400);

    const limited = await subscribeFrom('198.51.100.7', cookie, 'https://push.example.net/2');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1800');
    expect(await limited.json()).toEqual({
      error: {
        status: 429,
        code: 'rate_limited',
        message:
          'too many subscription requests from your address; try again in 1800 s (limit 2 per 1h, set by RATE_LIMIT_SUBSCRIBE)',
      },
    });
    expect((await subscribeFrom('198.51.100.8', cookie, 'https://push.example.net/3')).status).toBe(201);
    expect(server.db.select().from(subscriptions).all()).toHaveLength(2);
    // Reading the list is not limited.
    const list = await server.app.request(
      '/api/subscriptions',
      { headers: { cookie } },
      fromAddress('198.51.100.7'),
    );
    expect(list.status).toBe(200);
  });

  it('keys IPv6 clients by their /64', async () => {
    server = bootForTest({ RATE_LIMIT_SUBSCRIBE: '1/1h' });
    const cookie = await signIn(server.app, 'ada');
    expect((await subscribeFrom('2001:db8:0:7::1', cookie, 'https://push.example.net/1')).status).toBe(201);
    expect((await subscribeFrom('2001:db8:0:7:ffff::2', cookie, 'https://push.example.net/2')).status).toBe(
      429,
    );
    expect((await subscribeFrom('2001:db8:0:8::1', cookie, 'https://push.example.net/3')).status).toBe(201);
  });

  it('uses X-Forwarded-For only with TRUST_PROXY', async () => {
    server = bootForTest({ RATE_LIMIT_SUBSCRIBE: '1/1h' });
    let cookie = await signIn(server.app, 'ada');
    const viaProxy = (n: number, client: string) =>
      subscribeFrom('127.0.0.1', cookie, `https://push.example.net/${n}`, { 'x-forwarded-for': client });
    expect((await viaProxy(1, '203.0.113.1')).status).toBe(201);
    expect((await viaProxy(2, '203.0.113.2')).status).toBe(429); // same socket, header ignored
    await server.close();

    server = bootForTest({ RATE_LIMIT_SUBSCRIBE: '1/1h', TRUST_PROXY: '1' });
    cookie = await signIn(server.app, 'ada');
    expect((await viaProxy(1, '203.0.113.1')).status).toBe(201);
    expect((await viaProxy(2, '203.0.113.2')).status).toBe(201);
    // A client cannot dodge the limit by sending its own X-Forwarded-For: the proxy appends the real one.
    expect((await viaProxy(3, '192.0.2.99, 203.0.113.1')).status).toBe(429);
  });

  it('POST /api/subscriptions/test has its own limit', async () => {
    server = bootForTest({ RATE_LIMIT_TEST_PUSH: '1/1m' });
    const cookie = await signIn(server.app, 'ada');
    const testPush = () =>
      server.app.request(
        '/api/subscriptions/test',
        { method: 'POST', headers: { cookie } },
        fromAddress('192.0.2.1'),
      );
    expect((await testPush()).status).toBe(200);
    const limited = await testPush();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { error: { message: string } }).error.message).toBe(
      'too many test pushes from your address; try again in 60 s (limit 1 per 1m, set by RATE_LIMIT_TEST_PUSH)',
    );
    // Subscribing is limited separately.
    expect((await subscribeFrom('192.0.2.1', cookie, 'https://push.example.net/1')).status).toBe(201);
  });

  it('POST /api/session (sign-in, which may create a user) is limited per address; nothing is stored past it', async () => {
    server = bootForTest({ RATE_LIMIT_SIGN_IN: '2/1m' });
    const signInFrom = (name: string, ip: string) =>
      server.app.request('/api/session', jsonRequest('POST', { name }), fromAddress(ip));
    expect((await signInFrom('ada', '192.0.2.20')).status).toBe(200);
    expect((await signInFrom('bob', '192.0.2.20')).status).toBe(200);
    const limited = await signInFrom('eve', '192.0.2.20');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(((await limited.json()) as { error: { message: string } }).error.message).toBe(
      'too many sign-ins from your address; try again in 30 s (limit 2 per 1m, set by RATE_LIMIT_SIGN_IN)',
    );
    expect(server.db.select({ name: users.name }).from(users).all()).toEqual([
      { name: 'ada' },
      { name: 'bob' },
    ]);
    expect((await signInFrom('eve', '192.0.2.21')).status).toBe(200);
    // Asking who is signed in is not limited.
    expect((await server.app.request('/api/session', {}, fromAddress('192.0.2.20'))).status).toBe(200);
  });

  it('admin login: wrong tokens use up the allowance; then even the right token waits (429)', async () => {
    server = bootForTest({ RATE_LIMIT_ADMIN_LOGIN: '3/15m' });
    const login = (token: string, ip = '192.0.2.5') =>
      server.app.request('/api/admin/login', jsonRequest('POST', { token }), fromAddress(ip));
    expect((await login(ADMIN_TOKEN)).status).toBe(204); // a right token costs nothing
    for (let i = 0; i < 3; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const limited = await login(ADMIN_TOKEN);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('300');
    expect(await limited.json()).toEqual({
      error: {
        status: 429,
        code: 'rate_limited',
        message:
          'too many failed admin logins from your address; try again in 300 s (limit 3 per 15m, set by RATE_LIMIT_ADMIN_LOGIN)',
      },
    });
    expect(limited.headers.getSetCookie()).toEqual([]);
    expect((await login(ADMIN_TOKEN, '192.0.2.6')).status).toBe(204);
  });

  it('wrong Bearer tokens on any admin route count as failed logins too', async () => {
    server = bootForTest({ RATE_LIMIT_ADMIN_LOGIN: '2/15m' });
    const asBearer = (path: string, token: string) =>
      server.app.request(path, { headers: { authorization: `Bearer ${token}` } }, fromAddress('192.0.2.9'));
    expect((await asBearer('/api/admin/users', ADMIN_TOKEN)).status).toBe(200);
    expect((await asBearer('/api/admin/users', 'guess-1')).status).toBe(401);
    // The public session check answers true or false: a guess there counts as well.
    expect(await (await asBearer('/api/admin/session', 'guess-2')).json()).toEqual({ admin: false });
    const limited = await asBearer('/api/admin/messages', ADMIN_TOKEN);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('450');
    expect((await asBearer('/api/admin/session', ADMIN_TOKEN)).status).toBe(429);
    const login = await server.app.request(
      '/api/admin/login',
      jsonRequest('POST', { token: ADMIN_TOKEN }),
      fromAddress('192.0.2.9'),
    );
    expect(login.status).toBe(429);
  });
});
