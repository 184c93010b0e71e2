// The subscriptions table: a device per push endpoint, its owner, keys and send record.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { ContentEncoding } from '@starter-kit/webpush/node';
import type { Db } from './client.ts';
import { param, perDatabase, reusableTransaction } from './prepared.ts';
import type { PushOutcome } from './push-outcome.ts';
import { subscriptions } from './schema.ts';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

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
  return queries(db).upsert(input, replaces);
}

// Every subscribe runs these: prepared once per database, they skip Drizzle's query building (see
// prepared.ts). Placeholders bind as given, so times are Unix milliseconds, as stored.
const queries = perDatabase((db) => {
  const statements = prepare(db);
  const upsert = reusableTransaction(db, (input: NewSubscription, replaces: string | undefined) => {
    if (replaces && replaces !== input.endpoint) {
      statements.deleteOwnEndpoint.run({ endpoint: replaces, userId: input.userId });
    }
    const now = Date.now();
    const existing = statements.byEndpoint.get({ endpoint: input.endpoint });
    if (existing) {
      return { row: statements.update.get({ ...input, id: existing.id, now })!, created: false };
    }
    return { row: statements.insert.get({ ...input, now })!, created: true };
  });
  return { ...statements, upsert };
});

const byId = eq(subscriptions.id, sql.placeholder('id'));

function prepare(db: Db) {
  return {
    // Counts no further than the cap: the device cap's check costs the same however many devices a user has.
    devicesUpTo: db
      .select({ n: count() })
      .from(
        db
          .select({ one: sql`1` })
          .from(subscriptions)
          .where(eq(subscriptions.userId, sql.placeholder('userId')))
          .limit(sql.placeholder('max'))
          .as('capped'),
      )
      .prepare(),
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
    deleteOwnEndpoint: db
      .delete(subscriptions)
      .where(
        and(
          eq(subscriptions.endpoint, sql.placeholder('endpoint')),
          eq(subscriptions.userId, sql.placeholder('userId')),
        ),
      )
      .prepare(),
    byEndpoint: db
      .select({ id: subscriptions.id, userId: subscriptions.userId })
      .from(subscriptions)
      .where(eq(subscriptions.endpoint, sql.placeholder('endpoint')))
      .prepare(),
    update: db
      .update(subscriptions)
      .set({
        userId: param('userId'),
        endpoint: param('endpoint'),
        p256dh: param('p256dh'),
        auth: param('auth'),
        contentEncoding: param('contentEncoding'),
        userAgent: param('userAgent'),
        updatedAt: param('now'),
        failureCount: 0,
      })
      .where(eq(subscriptions.id, sql.placeholder('id')))
      .returning()
      .prepare(),
    insert: db
      .insert(subscriptions)
      .values({
        userId: sql.placeholder('userId'),
        endpoint: sql.placeholder('endpoint'),
        p256dh: sql.placeholder('p256dh'),
        auth: sql.placeholder('auth'),
        contentEncoding: sql.placeholder('contentEncoding'),
        userAgent: sql.placeholder('userAgent'),
        createdAt: param('now'),
        updatedAt: param('now'),
      })
      .returning()
      .prepare(),
  };
}

/** The subscription stored under an endpoint (its id and owner), if any. */
export function findByEndpoint(db: Db, endpoint: string): { id: number; userId: number } | undefined {
  return queries(db).byEndpoint.get({ endpoint });
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

/** How many devices the user has, counting no further than `max`. */
export function countDevicesUpTo(db: Db, userId: number, max: number): number {
  return queries(db).devicesUpTo.get({ userId, max })!.n;
}

/**
 * Applies a push's outcome to its subscription: success stamps it, failure counts it, and an expired
 * subscription (404/410) is deleted (its deliveries keep a copy of who it was). Call inside the caller's
 * transaction when batching.
 */
export function recordDeviceOutcome(db: Db, subscriptionId: number, outcome: PushOutcome, at: Date): void {
  const run = queries(db);
  if (outcome.outcome === 'expired') run.remove.run({ id: subscriptionId });
  else if (outcome.outcome === 'delivered') run.succeeded.run({ id: subscriptionId, at: at.getTime() });
  else run.failed.run({ id: subscriptionId, at: at.getTime() });
}
