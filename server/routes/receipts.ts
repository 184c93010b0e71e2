import { Hono } from 'hono';
import type { Store } from '../db/store.ts';
import { jsonBody } from '../http/validate.ts';
import { verifyReceiptToken } from '../push/receipt-token.ts';
import type { ClientRateLimiter } from '../security/rate-limit.ts';
import { receiptBodySchema } from '../validation/receipt.ts';

export interface ReceiptRouteDeps {
  store: Store;
  /** The receipt secret, or null when receipts are off (RECEIPTS=off): then nothing is recorded. */
  receiptSecret: Uint8Array | null;
  limiter: ClientRateLimiter;
}

/**
 * `POST /api/receipts {token, kind, action?}`: a notification was shown, clicked or closed. Public, rate
 * limited, idempotent (each kind once per delivery). A genuine token and a forged, expired or unknown one are
 * all answered 204 with no body, so the answer tells a prober nothing. Nothing about the client (address,
 * user agent) is stored: only the receipt's kind, time and action.
 */
export function receiptRoutes({ store, receiptSecret, limiter }: ReceiptRouteDeps) {
  return new Hono()
    .use('/', limiter.middleware(['POST']))
    .post('/', jsonBody(receiptBodySchema), async (c) => {
      const { token, kind, action } = c.req.valid('json');
      const at = new Date();
      const claim = receiptSecret ? verifyReceiptToken(receiptSecret, token, at) : null;
      if (claim)
        await store.receipts.record({ deliveryId: claim.deliveryId, kind, action: action ?? '', at });
      return c.body(null, 204);
    });
}
