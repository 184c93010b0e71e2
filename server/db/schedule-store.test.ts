import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './client.ts';
import { cancelScheduled, claimScheduled, insertScheduledMessage, nextSendAt } from './schedule-store.ts';
import { deliveries, users } from './schema.ts';
import { upsertSubscription } from './subscription-store.ts';

describe('scheduled messages', () => {
  let database: OpenDatabase;
  let ada: number;
  const pushServiceOf = (endpoint: string) => new URL(endpoint).origin;
  const nine = new Date('2026-12-01T09:00:00Z');
  const ten = new Date('2026-12-01T10:00:00Z');
  const message = {
    title: 'T',
    body: 'B',
    ttl: 60,
    urgency: 'normal' as const,
    target: { type: 'all' as const },
  };
  const device = (endpoint: string) =>
    upsertSubscription(database.db, {
      userId: ada,
      endpoint,
      p256dh: 'BP',
      auth: 'au',
      contentEncoding: 'aes128gcm',
      userAgent: null,
    });
  const deliveriesOf = (messageId: number) =>
    database.db.select().from(deliveries).where(eq(deliveries.messageId, messageId)).all();

  beforeEach(() => {
    database = openDatabase(':memory:');
    ada = database.db.insert(users).values({ name: 'ada' }).returning().get().id;
    device('https://push.example/1');
  });
  afterEach(() => database.close());

  it('waits without deliveries, then is claimed once, with the devices subscribed by then', () => {
    const { db } = database;
    const scheduled = insertScheduledMessage(db, message, ten);
    expect(scheduled).toMatchObject({ status: 'scheduled', sendAt: ten, total: 0 });
    expect(deliveriesOf(scheduled.id)).toHaveLength(0);
    expect(nextSendAt(db)).toEqual(ten);

    expect(claimScheduled(db, { at: new Date(ten.getTime() - 1) }, pushServiceOf)).toEqual([]);
    device('https://push.example/2');
    const [claimed, ...more] = claimScheduled(db, { at: ten }, pushServiceOf);
    expect(more).toEqual([]);
    expect(claimed).toMatchObject({ id: scheduled.id, status: 'queued', total: 2 });
    expect(deliveriesOf(scheduled.id).map((row) => row.outcome)).toEqual(['pending', 'pending']);
    // A second claimer (another instance, or a restart) finds nothing left to start.
    expect(claimScheduled(db, { at: ten }, pushServiceOf)).toEqual([]);
    expect(claimScheduled(db, { id: scheduled.id }, pushServiceOf)).toEqual([]);
    expect(deliveriesOf(scheduled.id)).toHaveLength(2);
    expect(nextSendAt(db)).toBeNull();
  });

  it('starts what is due in time order, and one message now on request', () => {
    const { db } = database;
    const later = insertScheduledMessage(db, message, ten);
    const earlier = insertScheduledMessage(db, message, nine);
    expect(claimScheduled(db, { id: later.id }, pushServiceOf).map((row) => row.id)).toEqual([later.id]);
    expect(nextSendAt(db)).toEqual(nine);
    const third = insertScheduledMessage(db, message, nine);
    expect(claimScheduled(db, { at: ten }, pushServiceOf).map((row) => row.id)).toEqual([
      earlier.id,
      third.id,
    ]);
  });

  it('is cancelled only while scheduled, and a cancelled message is never started', () => {
    const { db } = database;
    const scheduled = insertScheduledMessage(db, message, ten);
    expect(cancelScheduled(db, scheduled.id)).toMatchObject({ status: 'cancelled' });
    expect(cancelScheduled(db, scheduled.id)).toBeUndefined();
    expect(claimScheduled(db, { at: ten }, pushServiceOf)).toEqual([]);
    expect(claimScheduled(db, { id: scheduled.id }, pushServiceOf)).toEqual([]);
    expect(deliveriesOf(scheduled.id)).toHaveLength(0);
  });

  it('is done at once when nobody is subscribed by then', () => {
    const { db } = database;
    db.delete(deliveries).run();
    database.db.$client.prepare('DELETE FROM subscriptions').run();
    const scheduled = insertScheduledMessage(db, message, nine);
    expect(claimScheduled(db, { at: ten }, pushServiceOf)).toMatchObject([
      { id: scheduled.id, status: 'done', total: 0 },
    ]);
  });
});
