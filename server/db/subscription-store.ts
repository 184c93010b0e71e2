import { and, asc, eq } from 'drizzle-orm';
import type { ContentEncoding } from '../../shared/webpush/index.ts';
import type { Db } from './client.ts';
import { subscriptions } from './schema.ts';

export interface NewSubscription {
  userId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  contentEncoding: ContentEncoding;
  userAgent: string | null;
}

/**
 * Stores a subscription. The endpoint is the identity: subscribing again with it updates the row
 * (new keys, and the current user owns it) instead of adding a second one. `replaces` names an old
 * endpoint of the same user (after `pushsubscriptionchange`) that is deleted in the same transaction.
 */
export function upsertSubscription(db: Db, input: NewSubscription, replaces?: string) {
  return db.transaction(() => {
    if (replaces && replaces !== input.endpoint) {
      db.delete(subscriptions)
        .where(and(eq(subscriptions.endpoint, replaces), eq(subscriptions.userId, input.userId)))
        .run();
    }
    const now = new Date();
    const existing = db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.endpoint, input.endpoint))
      .get();
    if (existing) {
      const row = db
        .update(subscriptions)
        .set({ ...input, updatedAt: now, failureCount: 0 })
        .where(eq(subscriptions.id, existing.id))
        .returning()
        .get()!;
      return { row, created: false };
    }
    const row = db
      .insert(subscriptions)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning()
      .get();
    return { row, created: true };
  });
}

export function subscriptionsOfUser(db: Db, userId: number) {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(asc(subscriptions.id))
    .all();
}

/** Deletes the subscription only if it belongs to the user; returns whether it did. */
export function deleteOwnSubscription(db: Db, userId: number, id: number): boolean {
  const result = db
    .delete(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.userId, userId)))
    .run();
  return result.changes === 1;
}
