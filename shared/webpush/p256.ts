import { ECDH } from 'node:crypto';
import { fromBase64Url } from './base64url.ts';
import { WebPushValidationError } from './errors.ts';

export const P256_POINT_BYTES = 65;
export const NOT_ON_CURVE =
  'must decode to a 65-byte uncompressed P-256 point; this point is not on the curve';

/** Decodes and checks an uncompressed P-256 public point (0x04 || X || Y), e.g. `keys.p256dh`. */
export function parseP256Point(value: string | Uint8Array, field: string): Buffer {
  const bytes = decodeP256Point(value, field);
  try {
    // OpenSSL refuses a point that is not on the curve (an off-curve key would leak the ECDH secret);
    // convertKey is the cheapest call that makes it check (~35 us, a third of a JWK import).
    ECDH.convertKey(bytes, 'prime256v1');
  } catch {
    throw new WebPushValidationError(field, NOT_ON_CURVE);
  }
  return bytes;
}

/** Length and prefix only; the curve check is left to ECDH, which makes it anyway (see encrypt). */
export function decodeP256Point(value: string | Uint8Array, field: string): Buffer {
  const bytes = typeof value === 'string' ? fromBase64Url(value, field) : Buffer.from(value);
  if (bytes.length !== P256_POINT_BYTES || bytes[0] !== 0x04) {
    throw new WebPushValidationError(
      field,
      `must decode to a 65-byte uncompressed P-256 point (got ${bytes.length} bytes)`,
    );
  }
  return bytes;
}

export function pointToJwk(point: Uint8Array): { kty: 'EC'; crv: 'P-256'; x: string; y: string } {
  const bytes = Buffer.from(point);
  return {
    kty: 'EC',
    crv: 'P-256',
    x: bytes.subarray(1, 33).toString('base64url'),
    y: bytes.subarray(33, 65).toString('base64url'),
  };
}
