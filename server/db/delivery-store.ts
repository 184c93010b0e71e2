// The deliveries table on SQLite: one row per message and device, given an outcome once, and read back a page
// at a time by the admin API (the fan-out's claims are in sqlite-leases.ts).
import { and, asc, count, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { ContentEncoding } from '@starter-kit/webpush/node';
import type { Db } from './client.ts';
import { param, perDatabase } from './prepared.ts';
import type { PushOutcome } from './push-outcome.ts';
import { deliveries, messages, subscriptions } from './schema.ts';
import { recordDeviceOutcome } from './subscription-store.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;
/** A delivery's outcome in the database's words (`delivered` is what the API calls `accepted`). */
export type StoredDeliveryOutcome = DeliveryRow['outcome'];

/** One push to make, in the shape `sendMany` reads (endpoint + keys), carrying its delivery's ids. */
export interface PendingPush {
  deliveryId: number;
  subscriptionId: number;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface RecordedOutcome {
  deliveryId: number;
  /** Null when the device was already gone: nothing was sent, the subscription is not touched. */
  subscriptionId: number | null;
  result: PushOutcome;
  /** Requests made for this outcome (retries included). */
  attempts: number;
}

const idsIn = (name: string) =>
  inArray(deliveries.id, sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`);

const pending = (messageId: unknown) =>
  and(eq(deliveries.messageId, messageId as number), eq(deliveries.outcome, 'pending'));

/** Pending, and of this encoding or with its device gone (those are recorded in whichever pass meets them). */
const pendingFor = (encoding: unknown) =>
  and(
    pending(sql.placeholder('messageId')),
    or(isNull(subscriptions.id), eq(subscriptions.contentEncoding, encoding as ContentEncoding)),
  );

const statements = perDatabase((db) => ({
  countPending: db
    .select({ n: count() })
    .from(deliveries)
    .leftJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(pendingFor(sql.placeholder('encoding')))
    .prepare(),
  recordOutcome: db
    .update(deliveries)
    .set({
      outcome: param('outcome'),
      status: param('status'),
      reason: param('reason'),
      attempts: sql`${deliveries.attempts} + ${sql.placeholder('attempts')}`,
      updatedAt: param('at'),
    })
    .where(and(eq(deliveries.id, sql.placeholder('id')), eq(deliveries.outcome, 'pending')))
    .prepare(),
  // Accepted pushes are most of any fan-out: one statement for a batch's rows of one status and attempt count,
  // instead of one per row; RETURNING names the rows it changed, so a repeat still counts nothing twice.
  recordAccepted: db
    .update(deliveries)
    .set({
      outcome: 'delivered',
      status: param('status'),
      reason: sql`NULL`,
      attempts: sql`${deliveries.attempts} + ${sql.placeholder('attempts')}`,
      updatedAt: param('at'),
    })
    .where(and(idsIn('ids'), eq(deliveries.outcome, 'pending')))
    .returning({ subscriptionId: deliveries.subscriptionId })
    .prepare(),
  stampSucceeded: db
    .update(subscriptions)
    .set({ lastSuccessAt: param('at'), failureCount: 0 })
    .where(inArray(subscriptions.id, sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`))
    .prepare(),
  addCounts: db
    .update(messages)
    .set({
      delivered: sql`${messages.delivered} + ${sql.placeholder('delivered')}`,
      expired: sql`${messages.expired} + ${sql.placeholder('expired')}`,
      failed: sql`${messages.failed} + ${sql.placeholder('failed')}`,
    })
    .where(eq(messages.id, sql.placeholder('id')))
    .prepare(),
}));

/** How many deliveries a pass for this encoding has to make. */
export function countPending(db: Db, messageId: number, encoding: ContentEncoding): number {
  return statements(db).countPending.get({ messageId, encoding })!.n;
}

/** Writes a batch of outcomes, their effect on the subscriptions and the message's counts in one transaction. */
export function writeOutcomes(db: Db, messageId: number, batch: readonly RecordedOutcome[], at: Date): void {
  const run = statements(db);
  db.transaction(() => {
    const counts = { delivered: 0, expired: 0, failed: 0 };
    const accepted = new Map<string, { status: number | null; attempts: number; ids: number[] }>();
    for (const { deliveryId, subscriptionId, result, attempts } of batch) {
      if (result.outcome === 'delivered' && result.reason === null) {
        const key = `${result.status} ${attempts}`;
        const group = accepted.get(key) ?? { status: result.status, attempts, ids: [] };
        group.ids.push(deliveryId);
        accepted.set(key, group);
        continue;
      }
      const { changes } = run.recordOutcome.run({ id: deliveryId, ...result, attempts, at: at.getTime() });
      if (changes === 0) continue; // recorded already: never count twice
      counts[result.outcome] += 1;
      if (subscriptionId !== null) recordDeviceOutcome(db, subscriptionId, result, at);
    }
    for (const { status, attempts, ids } of accepted.values()) {
      const changed = run.recordAccepted.all({
        ids: JSON.stringify(ids),
        status,
        attempts,
        at: at.getTime(),
      });
      counts.delivered += changed.length;
      const devices = changed.flatMap((row) => (row.subscriptionId === null ? [] : [row.subscriptionId]));
      if (devices.length) run.stampSucceeded.run({ ids: JSON.stringify(devices), at: at.getTime() });
    }
    run.addCounts.run({ id: messageId, ...counts });
  });
}

/** Whether any delivery of the message still waits for an outcome. */
export function hasPendingDeliveries(db: Db, messageId: number): boolean {
  return (
    db
      .select({ n: count() })
      .from(deliveries)
      .where(and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending')))
      .get()!.n > 0
  );
}

export interface DeliveryPageRequest {
  /** Rows to return at most. */
  limit: number;
  /** Only deliveries with an id above this (0: from the first). */
  after: number;
  /** Only deliveries with this outcome. */
  outcome?: StoredDeliveryOutcome;
}

/**
 * One page of a message's deliveries in id order. An index range read, so it costs the same at 100 or
 * 100,000 deliveries. `nextAfter` is the `after` of the next page, or null on the last page.
 */
export function deliveryPage(db: Db, messageId: number, page: DeliveryPageRequest) {
  const rows = db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.messageId, messageId),
        gt(deliveries.id, page.after),
        page.outcome ? eq(deliveries.outcome, page.outcome) : undefined,
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(page.limit + 1)
    .all();
  const more = rows.length > page.limit;
  if (more) rows.pop();
  return { rows, nextAfter: more ? rows[rows.length - 1]!.id : null };
}
