// A message's funnel over time: how many of its deliveries were accepted, shown, clicked and closed by the end
// of each interval since it started, read from the per-delivery times (receipt-store.ts writes them).
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

export interface FunnelPoint {
  /** The end of the interval. */
  at: Date;
  accepted: number;
  shown: number;
  clicked: number;
  closed: number;
}

type Kind = Exclude<keyof FunnelPoint, 'at'>;

/**
 * Cumulative counts at the end of each of at most `intervals` equal intervals from `from` to the latest
 * event (or `until` when later, e.g. now while the message is sending). An interval is at least a second.
 */
export function funnelTimeline(
  db: Db,
  messageId: number,
  from: Date,
  until: Date,
  intervals = 24,
): FunnelPoint[] {
  const start = from.getTime();
  const rows = db.all<{ kind: Kind; at: number }>(sql`
    SELECT 'accepted' AS kind, updated_at AS at FROM deliveries WHERE message_id = ${messageId} AND outcome = 'delivered'
    UNION ALL SELECT 'shown', shown_at FROM deliveries WHERE message_id = ${messageId} AND shown_at IS NOT NULL
    UNION ALL SELECT 'clicked', clicked_at FROM deliveries WHERE message_id = ${messageId} AND clicked_at IS NOT NULL
    UNION ALL SELECT 'closed', closed_at FROM deliveries WHERE message_id = ${messageId} AND closed_at IS NOT NULL`);
  const end = Math.max(until.getTime(), ...rows.map((row) => row.at), start + 1000);
  const step = Math.max(1000, Math.ceil((end - start) / intervals));
  const count = Math.ceil((end - start) / step);
  const added = Array.from({ length: count }, () => ({ accepted: 0, shown: 0, clicked: 0, closed: 0 }));
  for (const { kind, at } of rows) {
    // An event at an interval's end counts in it; one before the start (a clock step) in the first.
    const index = Math.min(count - 1, Math.max(0, Math.ceil((at - start) / step) - 1));
    added[index]![kind] += 1;
  }
  const total = { accepted: 0, shown: 0, clicked: 0, closed: 0 };
  return added.map((counts, index) => {
    for (const kind of Object.keys(total) as Kind[]) total[kind] += counts[kind];
    return { at: new Date(start + (index + 1) * step), ...total };
  });
}
