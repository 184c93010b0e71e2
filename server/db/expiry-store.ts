// A message's expiry: the deliveries still pending when it passes are recorded as expired, not sent late.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { deliveries, messages } from './schema.ts';

export const EXPIRED_BEFORE_REACHED = 'the message expired before it reached the device';

/**
 * Marks every pending delivery of the message expired and counts them, in one transaction; returns how many.
 * Call when no push of the message is in flight (before a pass, or between passes).
 */
export function expirePendingDeliveries(db: Db, messageId: number, at: Date): number {
  return db.transaction(() => {
    const { changes } = db
      .update(deliveries)
      .set({ outcome: 'expired', status: null, reason: EXPIRED_BEFORE_REACHED, updatedAt: at })
      .where(and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending')))
      .run();
    if (changes > 0) {
      db.update(messages)
        .set({ expired: sql`${messages.expired} + ${changes}` })
        .where(eq(messages.id, messageId))
        .run();
    }
    return changes;
  });
}
