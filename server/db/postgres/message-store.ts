// Messages on Postgres: the same answers as ../message-store.ts gives on SQLite, and a notice to the other
// instances when a message is queued.
import { and, asc, desc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { MessageStore } from '../store.ts';
import type { PgDb } from './client.ts';
import { MESSAGE_CREATED_CHANNEL } from './message-notifier.ts';
import { deliveries, messages, subscriptions } from './schema.ts';

/** The scheme and authority of an endpoint, in SQL: what pushServiceOf is asked about, once per value. */
const ENDPOINT_PREFIX = sql`substring(${subscriptions.endpoint} from '^[^/]*//[^/]*')`;

export function postgresMessages(db: PgDb): MessageStore {
  const hasPending = async (messageId: number) =>
    (
      await db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending')))
        .limit(1)
    ).length > 0;
  return {
    async byId(id) {
      const [row] = await db.select().from(messages).where(eq(messages.id, id));
      return row;
    },
    async recent(limit) {
      return db.select().from(messages).orderBy(desc(messages.id)).limit(limit);
    },
    async unfinishedIds() {
      const rows = await db
        .select({ id: messages.id })
        .from(messages)
        // Scheduled ones wait for their time (the scheduler starts them), cancelled ones never go.
        .where(notInArray(messages.status, ['done', 'scheduled', 'cancelled']))
        .orderBy(asc(messages.id));
      return rows.map((row) => row.id);
    },
    async markSending(messageId, at) {
      await db
        .update(messages)
        .set({ status: 'sending', startedAt: sql`coalesce(${messages.startedAt}, ${at})` })
        .where(and(eq(messages.id, messageId), ne(messages.status, 'done')));
    },
    async finishIfComplete(messageId, at) {
      if (await hasPending(messageId)) return false;
      await db
        .update(messages)
        .set({ status: 'done', finishedAt: at })
        .where(and(eq(messages.id, messageId), ne(messages.status, 'done')));
      return true;
    },
    /**
     * The message and one pending delivery per targeted device in one transaction, then a notice (sent at
     * COMMIT) so every instance starts on it. Repeatable read: the push services looked up first and the
     * devices inserted next are the same snapshot.
     */
    async insertWithDeliveries(message, pushServiceOf) {
      return db.transaction(
        async (tx) => {
          const now = new Date();
          const [row] = await tx
            .insert(messages)
            .values({ ...message, status: 'queued', createdAt: now })
            .returning();
          return insertDeliveriesFor(tx, row!, pushServiceOf, now);
        },
        { isolationLevel: 'repeatable read' },
      );
    },
  };
}

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/**
 * One pending delivery per device the message targets (as subscribed now), its total, and a notice (sent at
 * COMMIT) so every instance starts on it; a message with nobody to send to is done at once. Runs in the
 * caller's transaction (a new message's, or a scheduled one's claim).
 */
export async function insertDeliveriesFor(
  tx: Tx,
  row: typeof messages.$inferSelect,
  pushServiceOf: (endpoint: string) => string,
  now: Date,
) {
  const { target } = row;
  const byUser = target.type === 'users' ? inArray(subscriptions.userId, target.userIds) : undefined;
  const prefixes = (
    await tx
      .selectDistinct({ prefix: sql<string>`${ENDPOINT_PREFIX}` })
      .from(subscriptions)
      .where(byUser)
  ).map((entry) => entry.prefix);
  const services = prefixes.map((prefix) => pushServiceOf(prefix));
  const inserted = await tx.execute(sql`
      INSERT INTO deliveries (message_id, subscription_id, push_service, user_id, user_name, created_at, updated_at)
      SELECT ${row.id}, subscriptions.id, coalesce(p.service, ${ENDPOINT_PREFIX}), u.id, u.name, ${now}, ${now}
      FROM subscriptions
      JOIN users u ON u.id = subscriptions.user_id
      LEFT JOIN unnest(${toArray(prefixes)}::text[], ${toArray(services)}::text[]) AS p(prefix, service)
        ON p.prefix = ${ENDPOINT_PREFIX}
      ${byUser ? sql`WHERE ${byUser}` : sql``}
      ORDER BY subscriptions.id`);
  const total = inserted.rowCount ?? 0;
  const finished = total === 0 ? { status: 'done' as const, startedAt: now, finishedAt: now } : {};
  const [stored] = await tx
    .update(messages)
    .set({ total, ...finished })
    .where(eq(messages.id, row.id))
    .returning();
  if (total > 0) await tx.execute(sql`SELECT pg_notify(${MESSAGE_CREATED_CHANNEL}, ${String(row.id)})`);
  return stored!;
}

/** A Postgres array literal parameter (drizzle would spread a JS array into a list of parameters). */
function toArray(values: readonly string[]) {
  return `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
