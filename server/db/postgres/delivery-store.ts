// Deliveries on Postgres: the leases of delivery-claims.ts behind the DeliveryStore API, and the same reads
// as ../delivery-store.ts gives on SQLite.
import { and, asc, count, eq, gt, isNull, or } from 'drizzle-orm';
import type pg from 'pg';
import type { DeliveryRow, DeliveryStore } from '../store.ts';
import type { PgDb } from './client.ts';
import { claimDeliveries, releaseClaims, renewLeases, writeDeliveryOutcomes } from './delivery-claims.ts';
import { expirePendingOnPostgres } from './schedule-store.ts';
import { deliveries, subscriptions } from './schema.ts';

export function postgresDeliveries(db: PgDb, pool: pg.Pool): DeliveryStore {
  return {
    async countPending(messageId, encoding) {
      const [row] = await db
        .select({ n: count() })
        .from(deliveries)
        .leftJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
        .where(
          and(
            eq(deliveries.messageId, messageId),
            eq(deliveries.outcome, 'pending'),
            or(isNull(subscriptions.id), eq(subscriptions.contentEncoding, encoding)),
          ),
        );
      return row!.n;
    },
    claim: (request) => claimDeliveries(pool, request),
    expirePending: (messageId, at) => expirePendingOnPostgres(db, messageId, at),
    renew: (instanceId, ids, leaseMs) => renewLeases(pool, instanceId, ids, leaseMs),
    release: (instanceId, ids) => releaseClaims(pool, instanceId, ids),
    async writeOutcomes(messageId, batch, at) {
      await writeDeliveryOutcomes(
        pool,
        messageId,
        batch.map(({ deliveryId, subscriptionId, result, attempts }) => ({
          deliveryId,
          subscriptionId,
          ...result,
          attempts,
        })),
        at,
      );
    },
    async hasPending(messageId) {
      const rows = await db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending')))
        .limit(1);
      return rows.length > 0;
    },
    async page(messageId, request) {
      const found = await db
        .select()
        .from(deliveries)
        .where(
          and(
            eq(deliveries.messageId, messageId),
            gt(deliveries.id, request.after),
            request.outcome ? eq(deliveries.outcome, request.outcome) : undefined,
          ),
        )
        .orderBy(asc(deliveries.id))
        .limit(request.limit + 1);
      // The lease columns are Postgres's own: the rows leave in the shape both databases share.
      const rows: DeliveryRow[] = found.map(({ claimedBy: _by, claimedUntil: _until, ...row }) => row);
      const more = rows.length > request.limit;
      if (more) rows.pop();
      return { rows, nextAfter: more ? rows[rows.length - 1]!.id : null };
    },
  };
}
