import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../db/schema.ts';
import {
  ADMIN_TOKEN,
  bootForTest,
  browserSubscription,
  jsonRequest,
  signIn,
  subscribe,
} from '../testing/harness.ts';
import { startPushSink } from '../testing/push-sink.ts';

// Routes that answer without admin credentials. Adding one means deciding it leaks nothing: update this list.
const PUBLIC = [
  'GET /api/vapid-public-key',
  'GET /api/session',
  'POST /api/session',
  'DELETE /api/session',
  // Receipts from service workers: every token is answered 204 with no body (see SECURITY.md).
  'POST /api/receipts',
  'GET /api/subscriptions',
  'POST /api/subscriptions',
  'POST /api/subscriptions/test',
  'DELETE /api/subscriptions/:id',
  'POST /api/admin/login',
  'POST /api/admin/logout',
  'GET /api/admin/session',
];

describe('no admin data is reachable from public routes', () => {
  let server: ReturnType<typeof bootForTest>;
  let sink: Awaited<ReturnType<typeof startPushSink>>;
  const secrets: string[] = [ADMIN_TOKEN];
  beforeAll(async () => {
    sink = await startPushSink();
    server = bootForTest({ ALLOW_HTTP_ENDPOINTS: sink.origin });
    // Other people's data: two users with devices, a message with deliveries.
    for (const name of ['secret-user-ada', 'secret-user-bob']) {
      const subscription = browserSubscription(`${sink.origin}/secret-endpoint-${name}`).json;
      await subscribe(server.app, await signIn(server.app, name), subscription);
      secrets.push(name, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth);
    }
    const sent = await server.app.request(
      '/api/admin/messages',
      jsonRequest(
        'POST',
        { title: 'secret-title', body: 'secret-body', url: '/secret-url', target: { type: 'all' } },
        { authorization: `Bearer ${ADMIN_TOKEN}` },
      ),
    );
    expect(sent.status).toBe(202);
    await server.fanout.whenIdle();
    expect(sink.received).toHaveLength(2);
    secrets.push('secret-title', 'secret-body', '/secret-url');
    // Server secrets: the VAPID private key, the admin token's hash.
    for (const row of server.db.select().from(settings).all()) {
      if (row.value !== server.vapid.publicKey) secrets.push(row.value);
    }
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  const routes = () => {
    const seen = new Set<string>();
    for (const route of server.app.routes)
      if (route.method !== 'ALL') seen.add(`${route.method} ${route.path}`);
    return [...seen];
  };

  function bodyFor(route: string): unknown {
    if (route === 'POST /api/session') return { name: 'eve' };
    if (route === 'POST /api/receipts') return { token: '1.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA', kind: 'clicked' };
    if (route === 'POST /api/subscriptions') return browserSubscription(`${sink.origin}/eve`).json;
    if (route === 'POST /api/admin/login') return { token: 'not-the-token-at-all' };
    if (route === 'POST /api/admin/messages') return { title: 'x', body: '', target: { type: 'all' } };
    return undefined;
  }

  it('walks every route as a stranger and as a signed-in user: admin routes say 401, none shows a secret', async () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(PUBLIC.length);
    for (const who of ['stranger', 'user']) {
      const cookie = who === 'user' ? await signIn(server.app, 'eve') : '';
      const answeredWithout401: string[] = [];
      for (const route of all) {
        const [method, path] = route.split(' ') as [string, string];
        for (const id of ['1', '2', '3']) {
          const body = bodyFor(route);
          const headers: Record<string, string> = cookie ? { cookie } : {};
          const init = body === undefined ? { method, headers } : jsonRequest(method, body, headers);
          const res = await server.app.request(path.replace(':id', id), init);
          const text = await res.text();
          for (const secret of secrets)
            expect(text, `${route} (${who}) leaked ${secret}`).not.toContain(secret);
          if (res.status !== 401) answeredWithout401.push(route);
          if (!path.includes(':id')) break;
        }
      }
      const opened = [...new Set(answeredWithout401)];
      for (const route of opened) expect(PUBLIC, `${route} answers ${who}s`).toContain(route);
    }
  });

  it('the public admin session check tells nothing but a boolean', async () => {
    const res = await server.app.request('/api/admin/session');
    expect(await res.json()).toEqual({ admin: false });
  });
});
