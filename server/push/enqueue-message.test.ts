import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../db/client.ts';
import { sqliteStore } from '../db/sqlite-store.ts';
import { deliveries, users } from '../db/schema.ts';
import { upsertSubscription } from '../db/subscription-store.ts';
import { enqueueMessage } from './enqueue-message.ts';

describe('enqueueMessage', () => {
  let database: OpenDatabase;
  let ada: number;
  let bob: number;
  beforeEach(() => {
    database = openDatabase(':memory:');
    const { db } = database;
    ada = db.insert(users).values({ name: 'ada' }).returning().get().id;
    bob = db.insert(users).values({ name: 'bob' }).returning().get().id;
    const device = (userId: number, endpoint: string) =>
      upsertSubscription(db, {
        userId,
        endpoint,
        p256dh: 'BP',
        auth: 'au',
        contentEncoding: 'aes128gcm',
        userAgent: null,
      });
    device(ada, 'https://fcm.googleapis.com/fcm/send/a1');
    // The stored endpoint is kept as sent; the push service is its origin, normalised as the API shows it.
    device(ada, 'https://UPDATES.push.services.mozilla.com:443/wpush/v2/a2');
    device(bob, 'https://fcm.googleapis.com/fcm/send/b1');
  });
  afterEach(() => database.close());

  const rowsOf = (messageId: number) =>
    database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.messageId, messageId))
      .orderBy(deliveries.id)
      .all()
      .map(({ id: _id, createdAt, updatedAt, ...row }) => ({
        ...row,
        sameTimes: createdAt.getTime() === updatedAt.getTime(),
      }));

  it('records one pending delivery per device of everyone, with the message, in one go', async () => {
    const message = await enqueueMessage(sqliteStore(database), {
      title: 'Hi',
      body: 'there',
      target: { type: 'all' },
    });
    expect(message).toMatchObject({ total: 3, status: 'queued', delivered: 0, expired: 0, failed: 0 });
    const pending = {
      outcome: 'pending',
      status: null,
      reason: null,
      attempts: 0,
      claimedAt: null,
      shownAt: null,
      clickedAt: null,
      clickedAction: null,
      closedAt: null,
    };
    expect(rowsOf(message.id)).toEqual([
      {
        messageId: message.id,
        subscriptionId: 1,
        pushService: 'https://fcm.googleapis.com',
        userId: ada,
        userName: 'ada',
        ...pending,
        sameTimes: true,
      },
      {
        messageId: message.id,
        subscriptionId: 2,
        pushService: 'https://updates.push.services.mozilla.com',
        userId: ada,
        userName: 'ada',
        ...pending,
        sameTimes: true,
      },
      {
        messageId: message.id,
        subscriptionId: 3,
        pushService: 'https://fcm.googleapis.com',
        userId: bob,
        userName: 'bob',
        ...pending,
        sameTimes: true,
      },
    ]);
  });

  it('targets only the listed users', async () => {
    const message = await enqueueMessage(sqliteStore(database), {
      title: 'Hi',
      body: '',
      target: { type: 'users', userIds: [bob] },
    });
    expect(message.total).toBe(1);
    expect(rowsOf(message.id).map((row) => [row.subscriptionId, row.userName])).toEqual([[3, 'bob']]);
  });

  it('a message to nobody is done as soon as it is recorded', async () => {
    const message = await enqueueMessage(sqliteStore(database), {
      title: 'Hi',
      body: '',
      target: { type: 'users', userIds: [999] },
    });
    expect(message).toMatchObject({ total: 0, status: 'done' });
    expect(message.finishedAt).toEqual(message.startedAt);
    expect(rowsOf(message.id)).toEqual([]);
  });
});
