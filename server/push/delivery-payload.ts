import type { PayloadRow } from './payload.ts';
import { messagePayload } from './payload.ts';
import { RECEIPT_TOKEN_LIFETIME_MS, signReceiptToken } from './receipt-token.ts';

/**
 * The payload of each delivery of a message: with receipts on, each carries its own receipt token (so the
 * device's worker can report on that delivery and no other); with them off (no secret), every delivery gets the
 * same bytes, built once. Returns whether payloads differ per delivery, which decides how the fan-out sends.
 */
export function deliveryPayloads(
  message: PayloadRow,
  receiptSecret: Uint8Array | null,
  now: () => Date = () => new Date(),
): { perDelivery: boolean; payloadOf: (deliveryId: number) => string } {
  if (!receiptSecret || !message.origin) {
    const shared = messagePayload(message);
    return { perDelivery: false, payloadOf: () => shared };
  }
  return {
    perDelivery: true,
    payloadOf: (deliveryId) => {
      const expiresAt = new Date(now().getTime() + RECEIPT_TOKEN_LIFETIME_MS);
      return messagePayload(message, signReceiptToken(receiptSecret, { deliveryId, expiresAt }));
    },
  };
}

/**
 * The TTL to send with, in seconds, for a message that must not arrive after `expiresAt`: its own TTL, cut to
 * what is left before the expiry. null when the expiry has passed: the push must not be sent at all.
 */
export function ttlBefore(ttl: number, expiresAt: Date | null | undefined, now: Date): number | null {
  if (!expiresAt) return ttl;
  const left = Math.floor((expiresAt.getTime() - now.getTime()) / 1000);
  if (left <= 0) return null;
  return Math.min(ttl, left);
}
