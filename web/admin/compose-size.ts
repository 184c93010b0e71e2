/**
 * How big the pushed JSON will be, measured as the server does (server/validation/payload-size.ts) so the
 * admin sees the problem while typing rather than on send.
 */

/** One 4096-byte encrypted record less aes128gcm's overhead: what every push service must accept. */
export const MAX_PAYLOAD_BYTES = 3993;
/** Firefox for Android's push service takes at most 3070 encrypted bytes (2967 of plaintext). */
export const FIREFOX_ANDROID_PAYLOAD_BYTES = 2967;

/** The longest message id the server may give the message (ids are unknown before sending). */
const LONGEST_ID = Number.MAX_SAFE_INTEGER;

export interface PayloadText {
  title: string;
  body: string;
  url: string;
  icon: string;
}

/** Bytes of the payload the server pushes for these form values (trimmed; empty link and icon are null). */
export function composedPayloadBytes(text: PayloadText): number {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  const json = JSON.stringify({
    title: text.title.trim(),
    body: text.body.trim(),
    url: optional(text.url),
    icon: optional(text.icon),
    tag: `message-${LONGEST_ID}`,
    messageId: LONGEST_ID,
  });
  return new TextEncoder().encode(json).length;
}

export type SizeLevel = 'ok' | 'warn' | 'error';

/** What to tell the admin about a payload of `bytes`. */
export function sizeStatus(bytes: number): { level: SizeLevel; message: string } {
  if (bytes > MAX_PAYLOAD_BYTES) {
    return {
      level: 'error',
      message: `Too long to send: the notification is ${bytes} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit of a push message. Shorten the body, link or icon by ${bytes - MAX_PAYLOAD_BYTES} bytes.`,
    };
  }
  if (bytes > FIREFOX_ANDROID_PAYLOAD_BYTES) {
    return {
      level: 'warn',
      message: `The notification is ${bytes} bytes: Firefox for Android refuses more than ${FIREFOX_ANDROID_PAYLOAD_BYTES}. Other browsers take up to ${MAX_PAYLOAD_BYTES}.`,
    };
  }
  return { level: 'ok', message: '' };
}
