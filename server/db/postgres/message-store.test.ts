import { afterEach, expect, it } from 'vitest';
import { describePostgres, useMigratedDatabase } from '../../testing/postgres.ts';
import { MessageListener } from './message-notifier.ts';
import { openPostgresStore } from './store.ts';

describePostgres('Postgres message store', () => {
  const database = useMigratedDatabase();
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  it('tells the other instances about a message with deliveries, and not about one with nobody to send to', async () => {
    const heard: number[] = [];
    const listener = await MessageListener.start(database.url, { onMessage: (id) => heard.push(id) });
    const store = openPostgresStore(database.url, { max: 2 });
    closing.push(
      () => listener.close(),
      () => store.close(),
    );
    const user = await store.users.findOrCreate('ada');
    await store.subscriptions.upsert(
      {
        userId: user.id,
        endpoint: 'https://push.example/1',
        p256dh: 'k',
        auth: 'a',
        contentEncoding: 'aes128gcm',
        userAgent: null,
      },
      { maxDevices: 5 },
    );
    const base = { title: 't', body: 'b', ttl: 60, urgency: 'normal' as const };
    const none = await store.messages.insertWithDeliveries(
      { ...base, target: { type: 'users', userIds: [999] } },
      (endpoint) => new URL(endpoint).origin,
    );
    const sent = await store.messages.insertWithDeliveries(
      { ...base, target: { type: 'all' } },
      (endpoint) => new URL(endpoint).origin,
    );
    const deadline = Date.now() + 5000;
    while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // room for a wrong second notice to arrive
    expect(heard).toEqual([sent.id]);
    expect(none.status).toBe('done');
  });
});
