// Scheduled messages: stored with status 'scheduled' and a send time, without deliveries (the devices are the
// ones subscribed when it goes out). Starting one is a claim that exactly one caller wins.
import { and, asc, eq, lte, min } from 'drizzle-orm';
import type { Db } from './client.ts';
import { insertDeliveriesFor, type MessageRow, type NewMessageRow } from './message-store.ts';
import { messages } from './schema.ts';

export function insertScheduledMessage(db: Db, message: NewMessageRow, sendAt: Date): MessageRow {
  return db
    .insert(messages)
    .values({ ...message, sendAt, status: 'scheduled', createdAt: new Date() })
    .returning()
    .get();
}

/**
 * Moves scheduled messages to 'queued' and writes their deliveries, in one transaction per message. The UPDATE
 * names the status it expects ('scheduled'), so of two callers racing for one message only the one whose
 * statement changed the row goes on (on Postgres the second UPDATE waits for the first's row lock, then finds
 * the status changed and matches nothing). `due`: every message whose time has come; a number: that message now
 * (send now), whatever its time. Returns the messages this call claimed.
 */
export function claimScheduled(
  db: Db,
  due: { at: Date } | { id: number },
  pushServiceOf: (endpoint: string) => string,
): MessageRow[] {
  const which = 'id' in due ? eq(messages.id, due.id) : lte(messages.sendAt, due.at);
  const candidates = db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.status, 'scheduled'), which))
    .orderBy(asc(messages.sendAt), asc(messages.id))
    .all();
  const claimed: MessageRow[] = [];
  for (const { id } of candidates) {
    const row = db.transaction(() => {
      const taken = db
        .update(messages)
        .set({ status: 'queued' })
        .where(and(eq(messages.id, id), eq(messages.status, 'scheduled')))
        .returning()
        .get();
      return taken ? insertDeliveriesFor(db, taken, pushServiceOf, new Date()) : undefined;
    });
    if (row) claimed.push(row);
  }
  return claimed;
}

/** Calls off a scheduled message; undefined when it is not (or no longer) scheduled. */
export function cancelScheduled(db: Db, id: number): MessageRow | undefined {
  return db
    .update(messages)
    .set({ status: 'cancelled', finishedAt: new Date() })
    .where(and(eq(messages.id, id), eq(messages.status, 'scheduled')))
    .returning()
    .get();
}

/** The earliest send time still scheduled, or null. */
export function nextSendAt(db: Db): Date | null {
  const row = db
    .select({ at: min(messages.sendAt) })
    .from(messages)
    .where(eq(messages.status, 'scheduled'))
    .get();
  return row?.at ? new Date(row.at) : null;
}
