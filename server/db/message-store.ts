// The messages table: the admin's messages with their counts and status, and the enqueueing that writes a
// message and its deliveries in one transaction.
import { and, asc, desc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { hasPendingDeliveries } from './delivery-store.ts';
import { deliveries, messages, subscriptions, users, type StoredTarget } from './schema.ts';

export type MessageRow = typeof messages.$inferSelect;

/** What a new message stores; status, counts and times are set by `insertMessageWithDeliveries`. */
export type NewMessageRow = Omit<
  typeof messages.$inferInsert,
  'id' | 'status' | 'total' | 'delivered' | 'expired' | 'failed' | 'createdAt' | 'startedAt' | 'finishedAt'
> & { target: StoredTarget };

export function messageById(db: Db, id: number): MessageRow | undefined {
  return db.select().from(messages).where(eq(messages.id, id)).get();
}

/** The newest `limit` messages, newest first. */
export function recentMessages(db: Db, limit: number): MessageRow[] {
  return db.select().from(messages).orderBy(desc(messages.id)).limit(limit).all();
}

export function unfinishedMessageIds(db: Db): number[] {
  return (
    db
      .select({ id: messages.id })
      .from(messages)
      // Scheduled ones wait for their time (the scheduler starts them), cancelled ones never go.
      .where(notInArray(messages.status, ['done', 'scheduled', 'cancelled']))
      .orderBy(asc(messages.id))
      .all()
      .map((row) => row.id)
  );
}

export function markSending(db: Db, messageId: number, at: Date): void {
  db.update(messages)
    .set({ status: 'sending', startedAt: sql`coalesce(${messages.startedAt}, ${at.getTime()})` })
    .where(and(eq(messages.id, messageId), ne(messages.status, 'done')))
    .run();
}

/** Marks the message done when no delivery is pending; returns whether it is done. */
export function finishIfComplete(db: Db, messageId: number, at: Date): boolean {
  if (hasPendingDeliveries(db, messageId)) return false;
  db.update(messages)
    .set({ status: 'done', finishedAt: at })
    .where(and(eq(messages.id, messageId), ne(messages.status, 'done')))
    .run();
  return true;
}

/**
 * Records a message and one pending delivery per targeted device in a single transaction, so the job is
 * durable before any push goes out. `pushServiceOf` names each delivery's push service from its endpoint
 * (the value the API shows). A message with nobody to send to is done as soon as it is recorded.
 */
export function insertMessageWithDeliveries(
  db: Db,
  message: NewMessageRow,
  pushServiceOf: (endpoint: string) => string,
): MessageRow {
  return db.transaction(() => {
    const now = new Date();
    const row = db
      .insert(messages)
      .values({ ...message, status: 'queued', createdAt: now })
      .returning()
      .get();
    return insertDeliveriesFor(db, row, pushServiceOf, now);
  });
}

/**
 * Writes one pending delivery per device the message targets (as subscribed now) and its total; a message with
 * nobody to send to is done at once. Runs inside the caller's transaction (a new or a scheduled message's).
 */
export function insertDeliveriesFor(
  db: Db,
  row: MessageRow,
  pushServiceOf: (endpoint: string) => string,
  now: Date,
): MessageRow {
  const withFunction = withPushServiceFunction(db, pushServiceOf);
  // One INSERT ... SELECT: SQLite streams the rows (memory stays flat), many times faster than one
  // prepared insert each, during which the event loop would stand still (bench/fanout.ts measures it).
  const { target } = row;
  const byUser = target.type === 'users' ? inArray(subscriptions.userId, target.userIds) : undefined;
  const at = now.getTime();
  const { changes: total } = withFunction
    .insert(deliveries)
    .select(
      db
        // Drizzle wants every column, in the table's order; NULL id takes the next autoincrement value.
        .select({
          id: sql<number>`NULL`.as('id'),
          messageId: sql<number>`${row.id}`.as('message_id'),
          subscriptionId: subscriptions.id,
          pushService: sql<string>`push_service_of(${subscriptions.endpoint})`.as('push_service'),
          userId: users.id,
          userName: users.name,
          outcome: sql<'pending'>`'pending'`.as('outcome'),
          status: sql<null>`NULL`.as('status'),
          reason: sql<null>`NULL`.as('reason'),
          attempts: sql<number>`0`.as('attempts'),
          claimedAt: sql<null>`NULL`.as('claimed_at'),
          shownAt: sql<null>`NULL`.as('shown_at'),
          clickedAt: sql<null>`NULL`.as('clicked_at'),
          clickedAction: sql<null>`NULL`.as('clicked_action'),
          closedAt: sql<null>`NULL`.as('closed_at'),
          createdAt: sql<number>`${at}`.as('created_at'),
          updatedAt: sql<number>`${at}`.as('updated_at'),
        })
        .from(subscriptions)
        .innerJoin(users, eq(users.id, subscriptions.userId))
        .where(byUser)
        .orderBy(subscriptions.id),
    )
    .run();

  const finished = total === 0 ? { status: 'done' as const, startedAt: now, finishedAt: now } : {};
  return db
    .update(messages)
    .set({ total, ...finished })
    .where(eq(messages.id, row.id))
    .returning()
    .get()!;
}

/**
 * push_service_of(endpoint) in SQL, registered once per database. Endpoints share a handful of origins, so
 * the function runs once per scheme-and-authority prefix.
 */
const registered = new WeakSet<Db>();
function withPushServiceFunction(db: Db, pushServiceOf: (endpoint: string) => string): Db {
  if (registered.has(db)) return db;
  const origins = new Map<string, string>();
  db.$client.function('push_service_of', { deterministic: true }, (endpoint: unknown) => {
    const url = String(endpoint);
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const prefix = pathStart === -1 ? url : url.slice(0, pathStart);
    let origin = origins.get(prefix);
    if (origin === undefined) {
      if (origins.size >= 1000) origins.clear();
      origins.set(prefix, (origin = pushServiceOf(prefix)));
    }
    return origin;
  });
  registered.add(db);
  return db;
}
