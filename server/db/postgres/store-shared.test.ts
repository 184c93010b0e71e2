import { afterEach, expect, it } from 'vitest';
import { describePostgres, useMigratedDatabase } from '../../testing/postgres.ts';
import { openPostgresStore } from './store.ts';

describePostgres("the Postgres store's shared services", () => {
  const database = useMigratedDatabase();
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  it('two instances count one rate limit together and hear each other queue messages', async () => {
    const one = openPostgresStore(database.url, { max: 2 });
    const two = openPostgresStore(database.url, { max: 2 });
    closing.push(
      () => one.close(),
      () => two.close(),
    );
    const rate = { limit: 2, windowMs: 60_000 };
    const first = one.shared!.rateBuckets('RATE_LIMIT_SIGN_IN', rate);
    const second = two.shared!.rateBuckets('RATE_LIMIT_SIGN_IN', rate);
    expect(await first.take('10.0.0.1')).toBe(0);
    expect(await second.take('10.0.0.1')).toBe(0);
    const wait = await first.take('10.0.0.1');
    expect(wait).toBeGreaterThan(29_000); // a token every 30 s, less the few ms since the takes
    expect(wait).toBeLessThanOrEqual(30_000);

    // Pruning keeps the buckets still counting (these two are empty, not full again).
    expect(await one.shared!.pruneRateBuckets()).toBe(0);
    expect(await first.take('10.0.0.1')).toBeGreaterThan(29_000);

    const heard: number[] = [];
    const listener = await two.shared!.listenForMessages({ onMessage: (id) => heard.push(id) });
    closing.push(() => listener.close());
    const user = await one.users.findOrCreate('ada');
    await one.subscriptions.upsert(
      {
        userId: user.id,
        endpoint: 'https://push.example/a',
        p256dh: 'k',
        auth: 'a',
        contentEncoding: 'aes128gcm',
        userAgent: null,
      },
      { maxDevices: 5 },
    );
    const message = await one.messages.insertWithDeliveries(
      { title: 't', body: 'b', ttl: 60, urgency: 'normal', target: { type: 'all' } },
      (endpoint) => new URL(endpoint).origin,
    );
    const deadline = Date.now() + 5000;
    while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([message.id]);
  });

  it('pruneRateBuckets() deletes the buckets of every limit that are full again', async () => {
    const store = openPostgresStore(database.url, { max: 2 });
    closing.push(() => store.close());
    const quick = store.shared!.rateBuckets('RATE_LIMIT_RECEIPTS', { limit: 1000, windowMs: 1000 });
    const slow = store.shared!.rateBuckets('RATE_LIMIT_ADMIN_LOGIN', { limit: 1, windowMs: 3_600_000 });
    await quick.take('10.0.0.2');
    await slow.take('10.0.0.2');
    await new Promise((resolve) => setTimeout(resolve, 20)); // the quick one refills a token a millisecond
    expect(await store.shared!.pruneRateBuckets()).toBe(1);
    expect(await slow.wait('10.0.0.2')).toBeGreaterThan(3_500_000); // still counted
  });
});
