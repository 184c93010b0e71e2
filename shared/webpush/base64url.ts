import { decodeBase64UrlChecked, encodeBase64Url } from './bytes.ts';
import { WebPushValidationError } from './errors.ts';

const BASE64_ANY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Unpadded base64url, the encoding every Web Push key and token uses. */
export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64Url(bytes);
}

/**
 * Decodes base64url or standard base64, padded or not (Firefox pads keys with '=', Chrome does not).
 * Anything else is an error naming `field`, rather than a decoder's silent skipping of bad characters.
 */
export function fromBase64Url(text: string, field = 'value'): Uint8Array {
  const trimmed = text.trim();
  const unpadded = trimmed.replace(/=+$/, '');
  if (!BASE64_ANY.test(trimmed) || unpadded.length % 4 === 1) {
    throw new WebPushValidationError(field, 'must be base64url (or base64) text');
  }
  return decodeBase64UrlChecked(unpadded.replace(/\+/g, '-').replace(/\//g, '_'));
}
