import type { ContentEncoding } from './types.ts';

// Kept free of imports with runtime code, so the browser side (the admin page) can read the same limits.

/** Push services must accept a 4096-byte body (RFC 8030 §7.2); what is left for plaintext after the overhead. */
export const MAX_BODY_BYTES = 4096;
export const MAX_PLAINTEXT_BYTES: Record<ContentEncoding, number> = {
  aes128gcm: MAX_BODY_BYTES - 86 - 16 - 1, // header, tag, delimiter (RFC 8291 §4: 3993)
  aesgcm: MAX_BODY_BYTES - 16 - 2, // tag, padding length
};

/** The most plaintext every subscription can take, whatever its encoding (aes128gcm's 3993 bytes). */
export const MAX_PORTABLE_PLAINTEXT_BYTES = Math.min(...Object.values(MAX_PLAINTEXT_BYTES));
