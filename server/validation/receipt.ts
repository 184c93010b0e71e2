import { z } from 'zod';
import { RECEIPT_KINDS, type ReceiptKind } from '../db/receipt-store.ts';

/**
 * `POST /api/receipts` from a service worker (or the page a notification's link opened). Only the shape is
 * checked here; whether the token is genuine is the route's business, and it answers 204 either way.
 */
export const receiptBodySchema = z.object({
  token: z.string().max(100, { error: 'must be at most 100 characters' }),
  kind: z.enum(RECEIPT_KINDS as [ReceiptKind, ...ReceiptKind[]], {
    error: `must be one of ${RECEIPT_KINDS.join(', ')}`,
  }),
  /** The action button of a click ("action-1"), '' or absent for the notification itself. */
  action: z
    .string()
    .max(64, { error: 'must be at most 64 characters' })
    .regex(/^[\w-]*$/, { error: 'must be an action id: letters, digits, _ and -' })
    .optional(),
});
