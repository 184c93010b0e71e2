import { afterEach, expect, it } from 'vitest';
import { startServer, type RunningServer } from './boot.ts';
import {
  browserSubscription,
  jsonRequest,
  offlineLookup,
  signIn,
  subscribe,
  testConfig,
} from './testing/harness.ts';
import { createTestDatabase, describePostgres } from './testing/postgres.ts';
import { startPushSink } from './testing/push-sink.ts';

// The whole server on Postgres (DATABASE_URL), two instances on one database: what one stores, the
// other serves; the rate limits count for both.
describePostgres('the server on Postgres', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoInstances(env: Record<string, string>): Promise<[RunningServer, RunningServer]> {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const config = testConfig({ DATABASE_URL: database.url, ADMIN_TOKEN: '', ...env });
    // Booted together: the migrations wait on one another, the key pair and the token are made once.
    const servers = await Promise.all([
      startServer(config, { lookup: offlineLookup({}) }),
      startServer(config, { lookup: offlineLookup({}) }),
    ]);
    for (const server of servers) cleanups.push(() => server.close());
    return servers;
  }

  it('two instances booted together share one VAPID key pair, one admin token and the stored rows', async () => {
    const sink = await startPushSink();
    cleanups.push(() => sink.close());
    const [one, two] = await twoInstances({ ALLOW_HTTP_ENDPOINTS: sink.origin, MAX_DEVICES_PER_USER: '2' });
    expect(two.vapid.publicKey).toBe(one.vapid.publicKey);
    expect(new Set([one.vapid.source, two.vapid.source])).toEqual(new Set(['generated', 'stored']));
    const token = one.adminToken.generatedToken ?? two.adminToken.generatedToken!;
    expect(await one.adminToken.matches(token)).toBe(true);
    expect(await two.adminToken.matches(token)).toBe(true);

    const cookie = await signIn(one.app, 'ada');
    await subscribe(one.app, cookie, browserSubscription(`${sink.origin}/push/1`).json);
    await subscribe(two.app, cookie, browserSubscription(`${sink.origin}/push/2`).json); // the same session
    const third = await two.app.request(
      '/api/subscriptions',
      jsonRequest('POST', browserSubscription(`${sink.origin}/push/3`).json, { cookie }),
    );
    expect(third.status).toBe(409);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(
      /^you already have 2 devices, the most one user may have \(MAX_DEVICES_PER_USER=2\)/,
    );

    const bearer = { authorization: `Bearer ${token}` };
    const sent = await one.app.request(
      '/api/admin/messages',
      jsonRequest('POST', { title: 'Hi', body: 'both', target: { type: 'all' } }, bearer),
    );
    expect(sent.status).toBe(202);
    const { message } = (await sent.json()) as { message: { id: number } };
    const deadline = Date.now() + 10_000;
    let status = '';
    while (status !== 'done' && Date.now() < deadline) {
      const res = await two.app.request(`/api/admin/messages/${message.id}`, { headers: bearer });
      status = ((await res.json()) as { message: { status: string } }).message.status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const res = await two.app.request(`/api/admin/messages/${message.id}`, { headers: bearer });
    const progress = (await res.json()) as {
      message: { counts: unknown };
      deliveries: { outcome: string }[];
    };
    expect(progress.deliveries.map((delivery) => delivery.outcome)).toEqual(['accepted', 'accepted']);
    expect(sink.received.map((push) => push.path).sort()).toEqual(['/push/1', '/push/2']);
  });

  it('counts a rate limit once for all instances, with the exact Retry-After', async () => {
    const [one, two] = await twoInstances({ RATE_LIMIT_SIGN_IN: '2/1m' });
    const signInAt = (server: RunningServer) =>
      server.app.request('/api/session', jsonRequest('POST', { name: 'ada' }));
    expect((await signInAt(one)).status).toBe(200);
    expect((await signInAt(two)).status).toBe(200);
    const refused = await signInAt(one);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30'); // one token every 30 s
    expect((await signInAt(two)).status).toBe(429);
  });
});
