// Scheduled messages, the funnel over time and message expiry on Postgres: the same answers as
// ../schedule-store.ts, ../funnel-store.ts and ../expiry-store.ts give on SQLite.
import { and, asc, eq, lte, min, sql } from 'drizzle-orm';
import { EXPIRED_BEFORE_REACHED } from '../expiry-store.ts';
import type { FunnelPoint } from '../funnel-store.ts';
import type { MessageRow } from '../message-store.ts';
import type { FunnelStore, ScheduleStore } from '../store.ts';
import type { PgDb } from './client.ts';
import { insertDeliveriesFor } from './message-store.ts';
import { deliveries, messages } from './schema.ts';

export function postgresSchedules(db: PgDb): ScheduleStore {
  return {
    async insert(message, sendAt) {
      const [row] = await db
        .insert(messages)
        .values({ ...message, sendAt, status: 'scheduled', createdAt: new Date() })
        .returning();
      return row!;
    },
    /**
     * Each candidate in its own transaction: the UPDATE ... WHERE status = 'scheduled' takes the row lock, so an
     * instance racing for the same message waits, then re-reads the row, finds it queued and matches nothing.
     * The claim and the deliveries commit together (and the notice that wakes the other instances' fan-outs).
     */
    async claim(due, pushServiceOf) {
      const which = 'id' in due ? eq(messages.id, due.id) : lte(messages.sendAt, due.at);
      const candidates = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.status, 'scheduled'), which))
        .orderBy(asc(messages.sendAt), asc(messages.id));
      const claimed: MessageRow[] = [];
      for (const { id } of candidates) {
        const row = await db.transaction(
          async (tx) => {
            const [taken] = await tx
              .update(messages)
              .set({ status: 'queued' })
              .where(and(eq(messages.id, id), eq(messages.status, 'scheduled')))
              .returning();
            return taken ? insertDeliveriesFor(tx, taken, pushServiceOf, new Date()) : undefined;
          },
          { isolationLevel: 'read committed' },
        );
        if (row) claimed.push(row);
      }
      return claimed;
    },
    async cancel(id) {
      const [row] = await db
        .update(messages)
        .set({ status: 'cancelled', finishedAt: new Date() })
        .where(and(eq(messages.id, id), eq(messages.status, 'scheduled')))
        .returning();
      return row;
    },
    async nextSendAt() {
      const [row] = await db
        .select({ at: min(messages.sendAt) })
        .from(messages)
        .where(eq(messages.status, 'scheduled'));
      return row?.at ? new Date(row.at) : null;
    },
  };
}

export async function expirePendingOnPostgres(db: PgDb, messageId: number, at: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(deliveries)
      .set({ outcome: 'expired', status: null, reason: EXPIRED_BEFORE_REACHED, updatedAt: at })
      .where(and(eq(deliveries.messageId, messageId), eq(deliveries.outcome, 'pending')))
      .returning({ id: deliveries.id });
    if (expired.length > 0) {
      await tx
        .update(messages)
        .set({ expired: sql`${messages.expired} + ${expired.length}` })
        .where(eq(messages.id, messageId));
    }
    return expired.length;
  });
}

type Kind = Exclude<keyof FunnelPoint, 'at'>;

export function postgresFunnel(db: PgDb): FunnelStore {
  return {
    async timeline(messageId, from, until, intervals = 24) {
      const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
      const result = await db.execute<{ kind: Kind; at: number }>(sql`
        SELECT 'accepted' AS kind, ${ms('updated_at')} AS at FROM deliveries WHERE message_id = ${messageId} AND outcome = 'delivered'
        UNION ALL SELECT 'shown', ${ms('shown_at')} FROM deliveries WHERE message_id = ${messageId} AND shown_at IS NOT NULL
        UNION ALL SELECT 'clicked', ${ms('clicked_at')} FROM deliveries WHERE message_id = ${messageId} AND clicked_at IS NOT NULL
        UNION ALL SELECT 'closed', ${ms('closed_at')} FROM deliveries WHERE message_id = ${messageId} AND closed_at IS NOT NULL`);
      return cumulative(
        result.rows.map((row) => ({ kind: row.kind, at: Number(row.at) })),
        from,
        until,
        intervals,
      );
    },
  };
}

/** The SQLite store's bucketing (../funnel-store.ts), over rows read here. */
function cumulative(rows: { kind: Kind; at: number }[], from: Date, until: Date, intervals: number) {
  const start = from.getTime();
  const end = Math.max(until.getTime(), ...rows.map((row) => row.at), start + 1000);
  const step = Math.max(1000, Math.ceil((end - start) / intervals));
  const count = Math.ceil((end - start) / step);
  const added = Array.from({ length: count }, () => ({ accepted: 0, shown: 0, clicked: 0, closed: 0 }));
  for (const { kind, at } of rows) {
    const index = Math.min(count - 1, Math.max(0, Math.ceil((at - start) / step) - 1));
    added[index]![kind] += 1;
  }
  const total = { accepted: 0, shown: 0, clicked: 0, closed: 0 };
  return added.map((counts, index): FunnelPoint => {
    for (const kind of Object.keys(total) as Kind[]) total[kind] += counts[kind];
    return { at: new Date(start + (index + 1) * step), ...total };
  });
}
