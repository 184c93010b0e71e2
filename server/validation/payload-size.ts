import { MAX_PLAINTEXT_BYTES } from '../../shared/webpush/index.ts';
import { messagePayload } from '../push/payload.ts';

/**
 * The largest JSON payload every device can take: one 4096-byte record (RFC 8030 §7.2) less the weakest
 * encoding's overhead (aes128gcm: 86-byte header, 16-byte tag, 1 delimiter = 3993).
 */
export const MAX_PAYLOAD_BYTES = Math.min(...Object.values(MAX_PLAINTEXT_BYTES));

/** Firefox for Android's push service takes at most 3070 encrypted bytes: 2967 of aes128gcm plaintext. */
export const FIREFOX_ANDROID_PAYLOAD_BYTES = 3070 - 103;

/** Message ids are unknown at compose time; the payload is measured with the longest one. */
const LONGEST_ID = Number.MAX_SAFE_INTEGER;

export interface PayloadFields {
  title: string;
  body: string;
  url?: string | null;
  icon?: string | null;
}

/** Bytes of the JSON the fan-out will push for these fields (the same function builds it). */
export function payloadBytes(fields: PayloadFields): number {
  const payload = messagePayload({
    id: LONGEST_ID,
    title: fields.title,
    body: fields.body,
    url: fields.url ?? null,
    icon: fields.icon ?? null,
  });
  return Buffer.byteLength(payload, 'utf8');
}

/** null when the payload fits; else the largest field to shorten and the rule, for a 400. */
export function payloadTooLarge(fields: PayloadFields): { field: keyof PayloadFields; rule: string } | null {
  const bytes = payloadBytes(fields);
  if (bytes <= MAX_PAYLOAD_BYTES) return null;
  const sizes = (['title', 'body', 'url', 'icon'] as const).map(
    (name) => [name, Buffer.byteLength(JSON.stringify(fields[name] ?? null), 'utf8')] as const,
  );
  const [field] = sizes.reduce((largest, entry) => (entry[1] > largest[1] ? entry : largest));
  return {
    field,
    rule: `makes the notification payload ${bytes} bytes of JSON; the limit is ${MAX_PAYLOAD_BYTES} bytes (one 4096-byte encrypted push record), so shorten it by at least ${bytes - MAX_PAYLOAD_BYTES} bytes`,
  };
}
