import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token a push carries so its service worker can report what became of it: the delivery's id, when the
 * token expires, and an HMAC-SHA256 of both under the server's receipt secret. Nobody without the secret can
 * make one, and a token names one delivery only, so a receipt cannot be forged or moved to another delivery.
 *
 *   <deliveryId>.<expires, Unix seconds in base 36>.<first 16 bytes of the HMAC, base64url>
 */
export interface ReceiptClaim {
  deliveryId: number;
  expiresAt: Date;
}

/** How long a token is accepted after the push was sent: a click may come days later. */
export const RECEIPT_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

const MAC_BYTES = 16;
const TOKEN_SHAPE = /^([1-9][0-9]{0,15})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;
/** Longest token TOKEN_SHAPE accepts: what payload sizes reserve room for. */
export const MAX_RECEIPT_TOKEN_LENGTH = 16 + 1 + 10 + 1 + 22;

function mac(secret: Uint8Array, deliveryId: number, expiresSeconds: string): Buffer {
  return createHmac('sha256', secret)
    .update(`receipt:v1:${deliveryId}:${expiresSeconds}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function signReceiptToken(secret: Uint8Array, claim: ReceiptClaim): string {
  const expires = Math.floor(claim.expiresAt.getTime() / 1000).toString(36);
  return `${claim.deliveryId}.${expires}.${mac(secret, claim.deliveryId, expires).toString('base64url')}`;
}

/** The claim of a genuine, unexpired token; null for anything else (the caller answers all alike). */
export function verifyReceiptToken(secret: Uint8Array, token: string, now: Date): ReceiptClaim | null {
  const parts = TOKEN_SHAPE.exec(token);
  if (!parts) return null;
  const deliveryId = Number(parts[1]);
  const expires = parts[2]!;
  if (!Number.isSafeInteger(deliveryId)) return null;
  const given = Buffer.from(parts[3]!, 'base64url');
  // Re-encoding refuses the other spellings of the same bytes (the last character's unused bits).
  if (
    given.length !== MAC_BYTES ||
    given.toString('base64url') !== parts[3] ||
    !timingSafeEqual(given, mac(secret, deliveryId, expires))
  )
    return null;
  const expiresAt = new Date(parseInt(expires, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return null;
  return { deliveryId, expiresAt };
}
