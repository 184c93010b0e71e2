import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { deliveries, messages, subscriptions, users } from '../db/schema.ts';
import { pushServiceOf } from '../http/serialize.ts';
import { DEFAULT_TTL, type MessageBody } from '../validation/message.ts';
import { perDatabase } from '../db/prepared.ts';

const PAGE_SIZE = 500;

const statements = perDatabase((db) => ({
  // One prepared insert per delivery: at 100,000 devices, building multi-row Drizzle inserts costs 10x more.
  addDelivery: db
    .insert(deliveries)
    .values({
      messageId: sql.placeholder('messageId'),
      subscriptionId: sql.placeholder('subscriptionId'),
      pushService: sql.placeholder('pushService'),
      userId: sql.placeholder('userId'),
      userName: sql.placeholder('userName'),
      createdAt: sql.placeholder('at'),
      updatedAt: sql.placeholder('at'),
    })
    .prepare(),
}));

/**
 * Records a message and one pending delivery per targeted device in a single transaction, so the
 * job is durable before any push goes out. Subscriptions are read in pages to keep memory flat.
 */
export function enqueueMessage(db: Db, body: MessageBody) {
  return db.transaction(() => {
    const now = new Date();
    const message = db
      .insert(messages)
      .values({
        title: body.title,
        body: body.body,
        url: body.url ?? null,
        icon: body.icon ?? null,
        ttl: body.ttl ?? DEFAULT_TTL,
        urgency: body.urgency ?? 'normal',
        topic: body.topic ?? null,
        target: body.target,
        status: 'queued',
        createdAt: now,
      })
      .returning()
      .get();

    const byUser =
      body.target.type === 'users' ? inArray(subscriptions.userId, body.target.userIds) : undefined;
    const { addDelivery } = statements(db);
    let cursor = 0;
    let total = 0;
    for (;;) {
      const page = db
        .select({
          id: subscriptions.id,
          endpoint: subscriptions.endpoint,
          userId: users.id,
          userName: users.name,
        })
        .from(subscriptions)
        .innerJoin(users, eq(users.id, subscriptions.userId))
        .where(and(gt(subscriptions.id, cursor), byUser))
        .orderBy(subscriptions.id)
        .limit(PAGE_SIZE)
        .all();
      if (page.length === 0) break;
      for (const row of page) {
        addDelivery.run({
          messageId: message.id,
          subscriptionId: row.id,
          pushService: pushServiceOf(row.endpoint),
          userId: row.userId,
          userName: row.userName,
          at: now,
        });
      }
      total += page.length;
      cursor = page[page.length - 1]!.id;
    }

    // Nobody to send to: the job is finished as soon as it is recorded.
    const finished = total === 0 ? { status: 'done' as const, startedAt: now, finishedAt: now } : {};
    return db
      .update(messages)
      .set({ total, ...finished })
      .where(eq(messages.id, message.id))
      .returning()
      .get()!;
  });
}
