import { MESSAGE_LIMITS } from '../../shared/message-limits.ts';
import { messagePayloadBytes, type MessageContent } from '../../shared/message-payload.ts';

/**
 * The largest JSON payload every device can take: one 4096-byte record (RFC 8030 §7.2) less the weakest
 * encoding's overhead (aes128gcm: 86-byte header, 16-byte tag, 1 delimiter = 3993).
 */
export const MAX_PAYLOAD_BYTES = MESSAGE_LIMITS.payloadBytes;

/** Message ids are unknown at compose time; the payload is measured with the longest one. */
const LONGEST_ID = Number.MAX_SAFE_INTEGER;

/** Bytes of the JSON the fan-out will push for this content composed on `origin` (the same function builds it). */
export function payloadBytes(content: MessageContent, origin: string): number {
  return messagePayloadBytes({ ...content, id: LONGEST_ID }, origin);
}

/** The fields whose text goes into the payload, in the order the 400 names the largest. */
const MEASURED = ['title', 'body', 'url', 'icon', 'image', 'badge', 'actions'] as const;

/** null when the payload fits; else the largest field to shorten and the rule, for a 400. */
export function payloadTooLarge(
  content: MessageContent,
  origin: string,
): { field: (typeof MEASURED)[number]; rule: string } | null {
  const bytes = payloadBytes(content, origin);
  if (bytes <= MAX_PAYLOAD_BYTES) return null;
  const sizes = MEASURED.map(
    (name) => [name, new TextEncoder().encode(JSON.stringify(content[name])).length] as const,
  );
  const [field] = sizes.reduce((largest, entry) => (entry[1] > largest[1] ? entry : largest));
  return {
    field,
    rule: `makes the notification payload ${bytes} bytes of JSON; the limit is ${MAX_PAYLOAD_BYTES} bytes (one 4096-byte encrypted push record), so shorten it by at least ${bytes - MAX_PAYLOAD_BYTES} bytes`,
  };
}
