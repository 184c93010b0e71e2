// The words of RFC 8030/8291 the library checks, defined once for it and the apps around it: the server's
// validation and database enums and the pages import them from here. This module imports nothing, so a page
// or a service worker can use it without pulling in cryptography or a transport.

/** Content codings of a push body, in the order of preference (RFC 8291's first, the legacy draft's next). */
export const CONTENT_ENCODINGS = ['aes128gcm', 'aesgcm'] as const;
export type ContentEncoding = (typeof CONTENT_ENCODINGS)[number];

/** RFC 8030 §5.3 Urgency values, least urgent first. */
export const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** RFC 8030 §5.4: a Topic is at most 32 characters of the URL-safe base64 alphabet. */
export const TOPIC_MAX_CHARS = 32;
export const TOPIC_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${TOPIC_MAX_CHARS}}$`);
/** The rule in words, for an error that names the field first ("topic must be ..."). */
export const TOPIC_RULE = `must be 1 to ${TOPIC_MAX_CHARS} base64url characters (A-Z a-z 0-9 - _)`;

/** True when `value` may be sent as a Topic header. */
export function isTopic(value: unknown): value is string {
  return typeof value === 'string' && TOPIC_PATTERN.test(value);
}

export function isContentEncoding(value: unknown): value is ContentEncoding {
  return (CONTENT_ENCODINGS as readonly unknown[]).includes(value);
}

export function isUrgency(value: unknown): value is Urgency {
  return (URGENCIES as readonly unknown[]).includes(value);
}
