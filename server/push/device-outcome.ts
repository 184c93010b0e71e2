import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { subscriptions } from '../db/schema.ts';
import type { SendOutcome } from './send-to-device.ts';

/**
 * Applies a send's outcome to the subscription: success stamps it, failure counts it, and an
 * expired subscription (404/410) is deleted (its deliveries keep a copy of who it was).
 * Call inside the caller's transaction when batching.
 */
export function recordDeviceOutcome(db: Db, subscriptionId: number, outcome: SendOutcome, at: Date): void {
  if (outcome.outcome === 'expired') {
    db.delete(subscriptions).where(eq(subscriptions.id, subscriptionId)).run();
  } else if (outcome.outcome === 'delivered') {
    db.update(subscriptions)
      .set({ lastSuccessAt: at, failureCount: 0 })
      .where(eq(subscriptions.id, subscriptionId))
      .run();
  } else {
    db.update(subscriptions)
      .set({ lastFailureAt: at, failureCount: sql`${subscriptions.failureCount} + 1` })
      .where(eq(subscriptions.id, subscriptionId))
      .run();
  }
}
