// Devices on Postgres: the same answers as ../subscription-store.ts gives on SQLite.
import { and, asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { SubscriptionStore, UpsertResult } from '../store.ts';
import type { PgDb } from './client.ts';
import { subscriptions, users } from './schema.ts';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

export function postgresSubscriptions(db: PgDb): SubscriptionStore {
  const byEndpoint = db
    .select({ id: subscriptions.id, userId: subscriptions.userId })
    .from(subscriptions)
    .where(eq(subscriptions.endpoint, sql.placeholder('endpoint')))
    .prepare('webpush-subscription-by-endpoint');
  return {
    /**
     * One transaction: the user's row locked first (concurrent subscribes of one user queue, so the cap
     * holds across instances), the cap checked, `replaces` deleted, then one upsert on the endpoint.
     */
    async upsert(input, { replaces, maxDevices }) {
      return db.transaction(async (tx): Promise<UpsertResult> => {
        await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for('update');
        const ownerOf = async (endpoint: string) =>
          (
            await tx
              .select({ userId: subscriptions.userId })
              .from(subscriptions)
              .where(eq(subscriptions.endpoint, endpoint))
          )[0]?.userId;
        if ((await ownerOf(input.endpoint)) !== input.userId) {
          let devices = await countUpTo(tx, input.userId, maxDevices);
          if (
            replaces !== undefined &&
            replaces !== input.endpoint &&
            (await ownerOf(replaces)) === input.userId
          ) {
            devices -= 1;
          }
          if (devices >= maxDevices) return { refused: 'device-cap', devices };
        }
        if (replaces && replaces !== input.endpoint) {
          await tx
            .delete(subscriptions)
            .where(and(eq(subscriptions.endpoint, replaces), eq(subscriptions.userId, input.userId)));
        }
        const now = new Date();
        const changes = { ...input, updatedAt: now, failureCount: 0 };
        const [row] = await tx
          .insert(subscriptions)
          .values({ ...input, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({ target: subscriptions.endpoint, set: changes })
          // xmax is 0 on a row this statement inserted, set on one it updated.
          .returning({ ...getTableColumns(subscriptions), created: sql<boolean>`(xmax = 0)` });
        const { created, ...stored } = row!;
        return { row: stored, created };
      });
    },
    async recordOutcome(subscriptionId, { outcome }, at) {
      const byId = eq(subscriptions.id, subscriptionId);
      if (outcome === 'expired') await db.delete(subscriptions).where(byId);
      else if (outcome === 'delivered') {
        await db.update(subscriptions).set({ lastSuccessAt: at, failureCount: 0 }).where(byId);
      } else {
        await db
          .update(subscriptions)
          .set({ lastFailureAt: at, failureCount: sql`${subscriptions.failureCount} + 1` })
          .where(byId);
      }
    },
    async findByEndpoint(endpoint) {
      const [row] = await byEndpoint.execute({ endpoint });
      return row;
    },
    async ofUser(userId) {
      return db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.userId, userId))
        .orderBy(asc(subscriptions.id));
    },
    async deleteOwn(userId, id) {
      const deleted = await db
        .delete(subscriptions)
        .where(and(eq(subscriptions.id, id), eq(subscriptions.userId, userId)))
        .returning({ id: subscriptions.id });
      return deleted.length === 1;
    },
    countUpTo: (userId, max) => countUpTo(db, userId, max),
  };
}

/** How many devices the user has, counting no further than `max` (the same cost however many there are). */
async function countUpTo(db: PgDb | Tx, userId: number, max: number): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .limit(max)
    .as('capped');
  const [row] = await db.select({ n: count() }).from(capped);
  return row!.n;
}
