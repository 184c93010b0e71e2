// Receipts on Postgres: each kind written once per delivery, the message's count moved with it, as
// ../receipt-store.ts does on SQLite.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ReceiptKind } from '../receipt-store.ts';
import type { ReceiptStore } from '../store.ts';
import type { PgDb } from './client.ts';
import { deliveries, messages } from './schema.ts';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

const timeColumn = { shown: deliveries.shownAt, clicked: deliveries.clickedAt, closed: deliveries.closedAt };
const countColumn = { shown: messages.shown, clicked: messages.clicked, closed: messages.closed };

export function postgresReceipts(db: PgDb): ReceiptStore {
  return {
    /** A click or a close also proves the notification was shown (see ../receipt-store.ts). */
    async record(receipt) {
      return db.transaction(async (tx) => {
        const written: ReceiptKind[] = [];
        if (receipt.kind !== 'shown' && (await writeOnce(tx, receipt.deliveryId, 'shown', receipt.at))) {
          written.push('shown');
        }
        if (await writeOnce(tx, receipt.deliveryId, receipt.kind, receipt.at, receipt.action)) {
          written.push(receipt.kind);
        }
        return written;
      });
    },
  };
}

async function writeOnce(tx: Tx, deliveryId: number, kind: ReceiptKind, at: Date, action?: string) {
  const set =
    kind === 'clicked'
      ? { clickedAt: at, clickedAction: action ?? '' }
      : kind === 'shown'
        ? { shownAt: at }
        : { closedAt: at };
  const [row] = await tx
    .update(deliveries)
    .set(set)
    .where(and(eq(deliveries.id, deliveryId), isNull(timeColumn[kind])))
    .returning({ messageId: deliveries.messageId });
  if (!row) return false;
  await tx
    .update(messages)
    .set({ [kind]: sql`${countColumn[kind]} + 1` })
    .where(eq(messages.id, row.messageId));
  return true;
}
