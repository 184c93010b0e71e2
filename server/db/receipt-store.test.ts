import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './client.ts';
import { recordReceipt } from './receipt-store.ts';
import { deliveries, messages, users } from './schema.ts';

describe('recordReceipt', () => {
  let database: OpenDatabase;
  let messageId: number;
  let first: number;
  let second: number;
  const t1 = new Date('2026-12-01T10:00:01Z');
  const t2 = new Date('2026-12-01T10:00:02Z');
  const t3 = new Date('2026-12-01T10:00:03Z');

  beforeEach(() => {
    database = openDatabase(':memory:');
    const { db } = database;
    const userId = db.insert(users).values({ name: 'ada' }).returning().get().id;
    messageId = db
      .insert(messages)
      .values({ title: 'T', body: 'B', ttl: 60, urgency: 'normal', target: { type: 'all' }, status: 'done' })
      .returning()
      .get().id;
    const delivery = () =>
      db
        .insert(deliveries)
        .values({
          messageId,
          pushService: 'https://push.example',
          userId,
          userName: 'ada',
          outcome: 'delivered',
          updatedAt: t1,
        })
        .returning()
        .get().id;
    first = delivery();
    second = delivery();
  });
  afterEach(() => database.close());

  const receiptsOf = (id: number) =>
    database.db
      .select({
        shownAt: deliveries.shownAt,
        clickedAt: deliveries.clickedAt,
        clickedAction: deliveries.clickedAction,
        closedAt: deliveries.closedAt,
      })
      .from(deliveries)
      .where(eq(deliveries.id, id))
      .get();
  const countsOf = () =>
    database.db
      .select({ shown: messages.shown, clicked: messages.clicked, closed: messages.closed })
      .from(messages)
      .where(eq(messages.id, messageId))
      .get();

  it('writes each kind once per delivery: a repeat changes no row and no count', () => {
    const { db } = database;
    expect(recordReceipt(db, { deliveryId: first, kind: 'shown', at: t1 })).toEqual(['shown']);
    expect(recordReceipt(db, { deliveryId: first, kind: 'shown', at: t2 })).toEqual([]);
    expect(recordReceipt(db, { deliveryId: first, kind: 'clicked', action: 'action-2', at: t2 })).toEqual([
      'clicked',
    ]);
    expect(recordReceipt(db, { deliveryId: first, kind: 'clicked', action: 'action-1', at: t3 })).toEqual([]);
    expect(receiptsOf(first)).toEqual({
      shownAt: t1,
      clickedAt: t2,
      clickedAction: 'action-2',
      closedAt: null,
    });
    expect(receiptsOf(second)).toEqual({
      shownAt: null,
      clickedAt: null,
      clickedAction: null,
      closedAt: null,
    });
    expect(countsOf()).toEqual({ shown: 1, clicked: 1, closed: 0 });
  });

  it('counts a click or a close as shown when the shown receipt never came', () => {
    const { db } = database;
    expect(recordReceipt(db, { deliveryId: first, kind: 'clicked', at: t2 })).toEqual(['shown', 'clicked']);
    expect(recordReceipt(db, { deliveryId: second, kind: 'closed', at: t3 })).toEqual(['shown', 'closed']);
    expect(recordReceipt(db, { deliveryId: second, kind: 'shown', at: t3 })).toEqual([]);
    expect(receiptsOf(first)).toEqual({ shownAt: t2, clickedAt: t2, clickedAction: '', closedAt: null });
    expect(receiptsOf(second)).toEqual({ shownAt: t3, clickedAt: null, clickedAction: null, closedAt: t3 });
    expect(countsOf()).toEqual({ shown: 2, clicked: 1, closed: 1 });
  });

  it('ignores a delivery that does not exist', () => {
    expect(recordReceipt(database.db, { deliveryId: 999, kind: 'clicked', at: t1 })).toEqual([]);
    expect(countsOf()).toEqual({ shown: 0, clicked: 0, closed: 0 });
  });
});
