import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './client.ts';
import { funnelTimeline } from './funnel-store.ts';
import { recordReceipt } from './receipt-store.ts';
import { deliveries, messages, users } from './schema.ts';

describe('funnelTimeline', () => {
  let database: OpenDatabase;
  let messageId: number;
  const start = new Date('2026-12-01T10:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const ids: number[] = [];

  beforeEach(() => {
    database = openDatabase(':memory:');
    const { db } = database;
    const userId = db.insert(users).values({ name: 'ada' }).returning().get().id;
    messageId = db
      .insert(messages)
      .values({ title: 'T', body: 'B', ttl: 60, urgency: 'normal', target: { type: 'all' }, status: 'done' })
      .returning()
      .get().id;
    ids.length = 0;
    const outcomes = [
      ['delivered', 1],
      ['delivered', 2],
      ['delivered', 3],
      ['failed', 3],
    ] as const;
    for (const [outcome, seconds] of outcomes) {
      ids.push(
        db
          .insert(deliveries)
          .values({ messageId, pushService: 'p', userId, userName: 'ada', outcome, updatedAt: at(seconds) })
          .returning()
          .get().id,
      );
    }
    recordReceipt(db, { deliveryId: ids[0]!, kind: 'shown', at: at(2) });
    recordReceipt(db, { deliveryId: ids[1]!, kind: 'shown', at: at(4) });
    recordReceipt(db, { deliveryId: ids[0]!, kind: 'clicked', action: 'action-1', at: at(5) });
    recordReceipt(db, { deliveryId: ids[1]!, kind: 'closed', at: at(6) });
  });
  afterEach(() => database.close());

  it('counts each kind cumulatively at the end of each interval', () => {
    const points = funnelTimeline(database.db, messageId, start, at(0), 3);
    expect(points).toEqual([
      { at: at(2), accepted: 2, shown: 1, clicked: 0, closed: 0 },
      { at: at(4), accepted: 3, shown: 2, clicked: 0, closed: 0 },
      { at: at(6), accepted: 3, shown: 2, clicked: 1, closed: 1 },
    ]);
  });

  it('runs to `until` while the message is still going, with intervals of at least a second', () => {
    const points = funnelTimeline(database.db, messageId, start, at(8), 24);
    expect(points).toHaveLength(8);
    expect(points[7]).toEqual({ at: at(8), accepted: 3, shown: 2, clicked: 1, closed: 1 });
    expect(points[0]).toEqual({ at: at(1), accepted: 1, shown: 0, clicked: 0, closed: 0 });
  });
});
