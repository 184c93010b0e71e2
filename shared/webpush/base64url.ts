import { WebPushValidationError } from './errors.ts';

const BASE64_ANY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Unpadded base64url, the encoding every Web Push key and token uses. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes base64url or standard base64, padded or not (Firefox pads keys with '=', Chrome does not).
 * Anything else is an error naming `field`, rather than Buffer.from's silent skipping of bad characters.
 */
export function fromBase64Url(text: string, field = 'value'): Buffer {
  const trimmed = text.trim();
  if (!BASE64_ANY.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) {
    throw new WebPushValidationError(field, 'must be base64url (or base64) text');
  }
  return Buffer.from(trimmed.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
}
