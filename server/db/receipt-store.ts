// Receipts from service workers: the time a delivery's notification was shown, clicked (and with which
// action) and closed, each written once, with the message's counts moved in the same transaction.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { deliveries, messages } from './schema.ts';

export type ReceiptKind = 'shown' | 'clicked' | 'closed';
export const RECEIPT_KINDS: readonly ReceiptKind[] = ['shown', 'clicked', 'closed'];

export interface Receipt {
  deliveryId: number;
  kind: ReceiptKind;
  /** The action button a click chose; '' for the notification itself. Ignored for other kinds. */
  action?: string;
  at: Date;
}

const timeColumn = { shown: deliveries.shownAt, clicked: deliveries.clickedAt, closed: deliveries.closedAt };
const countColumn = { shown: messages.shown, clicked: messages.clicked, closed: messages.closed };

/**
 * Writes a receipt unless that delivery has one of this kind already (a repeat changes nothing). A click or a
 * close also proves the notification was shown, so it records `shown` when that receipt never came (Safari
 * shows a declarative message without running the worker). Returns the kinds newly written; none for an
 * unknown delivery.
 */
export function recordReceipt(db: Db, receipt: Receipt): ReceiptKind[] {
  return db.transaction(() => {
    const written: ReceiptKind[] = [];
    if (receipt.kind !== 'shown' && writeOnce(db, { ...receipt, kind: 'shown' })) written.push('shown');
    if (writeOnce(db, receipt)) written.push(receipt.kind);
    return written;
  });
}

function writeOnce(db: Db, { deliveryId, kind, action, at }: Receipt): boolean {
  const column = timeColumn[kind];
  const set =
    kind === 'clicked'
      ? { clickedAt: at, clickedAction: action ?? '' }
      : kind === 'shown'
        ? { shownAt: at }
        : { closedAt: at };
  const row = db
    .update(deliveries)
    .set(set)
    .where(and(eq(deliveries.id, deliveryId), isNull(column)))
    .returning({ messageId: deliveries.messageId })
    .get();
  if (!row) return false;
  const count = countColumn[kind];
  db.update(messages)
    .set({ [kind]: sql`${count} + 1` })
    .where(eq(messages.id, row.messageId))
    .run();
  return true;
}
