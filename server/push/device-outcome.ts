import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { subscriptions } from '../db/schema.ts';
import { param, perDatabase } from '../db/prepared.ts';
import type { SendOutcome } from './send-to-device.ts';

const byId = eq(subscriptions.id, sql.placeholder('id'));
const statements = perDatabase((db) => ({
  remove: db.delete(subscriptions).where(byId).prepare(),
  succeeded: db
    .update(subscriptions)
    .set({ lastSuccessAt: param('at'), failureCount: 0 })
    .where(byId)
    .prepare(),
  failed: db
    .update(subscriptions)
    .set({ lastFailureAt: param('at'), failureCount: sql`${subscriptions.failureCount} + 1` })
    .where(byId)
    .prepare(),
}));

/**
 * Applies a send's outcome to the subscription: success stamps it, failure counts it, and an
 * expired subscription (404/410) is deleted (its deliveries keep a copy of who it was).
 * Call inside the caller's transaction when batching.
 */
export function recordDeviceOutcome(db: Db, subscriptionId: number, outcome: SendOutcome, at: Date): void {
  const run = statements(db);
  if (outcome.outcome === 'expired') run.remove.run({ id: subscriptionId });
  else if (outcome.outcome === 'delivered') run.succeeded.run({ id: subscriptionId, at: at.getTime() });
  else run.failed.run({ id: subscriptionId, at: at.getTime() });
}
