// Delivery leases on SQLite, where one instance runs: claimed_at is the lease's start (its end is
// claimed_at + leaseMs), and a claim made before this process opened the file belongs to a process that is
// gone, so it is free at once (a restart resumes without waiting out the lease).
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { param, perDatabase, reusableTransaction } from './prepared.ts';
import { deliveries, subscriptions } from './schema.ts';
import type { DeliveryClaim, LeasedDelivery } from './store.ts';

const idsIn = (name: string) =>
  inArray(deliveries.id, sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`);

const statements = perDatabase((db) => {
  const claimable = db
    .select({
      id: deliveries.id,
      subscriptionId: subscriptions.id,
      endpoint: subscriptions.endpoint,
      p256dh: subscriptions.p256dh,
      auth: subscriptions.auth,
    })
    .from(deliveries)
    .leftJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(
      and(
        eq(deliveries.messageId, sql.placeholder('messageId')),
        eq(deliveries.outcome, 'pending'),
        or(isNull(subscriptions.id), eq(subscriptions.contentEncoding, sql.placeholder('encoding'))),
        or(
          isNull(deliveries.claimedAt),
          lt(deliveries.claimedAt, sql.placeholder('openedAt')),
          lt(deliveries.claimedAt, sql.placeholder('expiredBefore')),
        ),
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(sql.placeholder('limit'))
    .prepare();
  const stamp = db
    .update(deliveries)
    .set({ claimedAt: param('at') })
    .where(and(idsIn('ids'), eq(deliveries.outcome, 'pending')))
    .returning({ id: deliveries.id })
    .prepare();
  const release = db
    .update(deliveries)
    .set({ claimedAt: sql`NULL` })
    .where(and(idsIn('ids'), eq(deliveries.outcome, 'pending')))
    .prepare();
  const claim = reusableTransaction(
    db,
    (request: DeliveryClaim, openedAt: number, now: number): LeasedDelivery[] => {
      const rows = claimable.all({
        messageId: request.messageId,
        encoding: request.encoding,
        openedAt,
        expiredBefore: now - request.leaseMs,
        limit: request.limit,
      });
      if (rows.length === 0) return [];
      stamp.all({ ids: JSON.stringify(rows.map((row) => row.id)), at: now });
      return rows.map(({ id, subscriptionId, endpoint, p256dh, auth }) => ({
        id,
        push:
          subscriptionId !== null && endpoint && p256dh && auth
            ? { deliveryId: id, subscriptionId, endpoint, keys: { p256dh, auth } }
            : null,
      }));
    },
  );
  return { claim, stamp, release };
});

export interface SqliteLeases {
  claim(request: DeliveryClaim): LeasedDelivery[];
  renew(ids: readonly number[]): number[];
  release(ids: readonly number[]): number;
}

/** Leases on `db` for this process, which opened it at `openedAt` (Unix ms). */
export function sqliteLeases(db: Db, openedAt: number, now: () => number = Date.now): SqliteLeases {
  const run = statements(db);
  return {
    claim: (request) => run.claim(request, openedAt, now()),
    renew: (ids) =>
      ids.length === 0
        ? []
        : run.stamp
            .all({ ids: JSON.stringify(ids), at: now() })
            .map((row) => row.id)
            .sort((a, b) => a - b),
    release: (ids) => (ids.length === 0 ? 0 : run.release.run({ ids: JSON.stringify(ids) }).changes),
  };
}
