import { and, asc, count, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { deliveries, messages, subscriptions } from '../db/schema.ts';
import { recordDeviceOutcome } from './device-outcome.ts';
import type { DeviceTarget, SendOutcome } from './send-to-device.ts';

/** A delivery still to make; `device` is null when its subscription was removed after enqueueing. */
export interface PendingDelivery {
  id: number;
  subscriptionId: number | null;
  device: DeviceTarget | null;
}

export interface RecordedOutcome {
  deliveryId: number;
  subscriptionId: number | null;
  result: SendOutcome;
  /** False when nothing was sent (the device was already gone). */
  attempted: boolean;
}

export function readPendingPage(
  db: Db,
  messageId: number,
  afterId: number,
  limit: number,
): PendingDelivery[] {
  return db
    .select({
      id: deliveries.id,
      subscriptionId: deliveries.subscriptionId,
      endpoint: subscriptions.endpoint,
      p256dh: subscriptions.p256dh,
      auth: subscriptions.auth,
      contentEncoding: subscriptions.contentEncoding,
    })
    .from(deliveries)
    .leftJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(
      and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending'), gt(deliveries.id, afterId)),
    )
    .orderBy(asc(deliveries.id))
    .limit(limit)
    .all()
    .map(({ id, subscriptionId, endpoint, p256dh, auth, contentEncoding }) => ({
      id,
      subscriptionId,
      device:
        endpoint && p256dh && auth && contentEncoding ? { endpoint, p256dh, auth, contentEncoding } : null,
    }));
}

/** Writes a batch of outcomes, their effect on the subscriptions and the message's counts in one transaction. */
export function writeOutcomes(db: Db, messageId: number, batch: readonly RecordedOutcome[], at: Date): void {
  db.transaction(() => {
    const counts = { delivered: 0, expired: 0, failed: 0 };
    for (const { deliveryId, subscriptionId, result, attempted } of batch) {
      const changed = db
        .update(deliveries)
        .set({
          outcome: result.outcome,
          status: result.status,
          reason: result.reason,
          attempts: attempted ? sql`${deliveries.attempts} + 1` : deliveries.attempts,
          updatedAt: at,
        })
        .where(and(eq(deliveries.id, deliveryId), eq(deliveries.outcome, 'pending')))
        .run().changes;
      if (changed === 0) continue; // recorded already: never count twice
      counts[result.outcome] += 1;
      if (subscriptionId !== null && attempted) recordDeviceOutcome(db, subscriptionId, result, at);
    }
    db.update(messages)
      .set({
        delivered: sql`${messages.delivered} + ${counts.delivered}`,
        expired: sql`${messages.expired} + ${counts.expired}`,
        failed: sql`${messages.failed} + ${counts.failed}`,
      })
      .where(eq(messages.id, messageId))
      .run();
  });
}

export function markSending(db: Db, messageId: number, at: Date): void {
  db.update(messages)
    .set({ status: 'sending', startedAt: sql`coalesce(${messages.startedAt}, ${at.getTime()})` })
    .where(and(eq(messages.id, messageId), ne(messages.status, 'done')))
    .run();
}

/** Marks the message done when no delivery is pending; returns whether it is done. */
export function finishIfComplete(db: Db, messageId: number, at: Date): boolean {
  const pending = db
    .select({ n: count() })
    .from(deliveries)
    .where(and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending')))
    .get()!.n;
  if (pending > 0) return false;
  db.update(messages)
    .set({ status: 'done', finishedAt: at })
    .where(and(eq(messages.id, messageId), ne(messages.status, 'done')))
    .run();
  return true;
}

export function unfinishedMessageIds(db: Db): number[] {
  return db
    .select({ id: messages.id })
    .from(messages)
    .where(ne(messages.status, 'done'))
    .orderBy(asc(messages.id))
    .all()
    .map((row) => row.id);
}
