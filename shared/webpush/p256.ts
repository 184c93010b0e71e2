import { createPublicKey } from 'node:crypto';
import { fromBase64Url } from './base64url.ts';
import { WebPushValidationError } from './errors.ts';

export const P256_POINT_BYTES = 65;

/** Decodes and checks an uncompressed P-256 public point (0x04 || X || Y), e.g. `keys.p256dh`. */
export function parseP256Point(value: string | Uint8Array, field: string): Buffer {
  const bytes = typeof value === 'string' ? fromBase64Url(value, field) : Buffer.from(value);
  const rule = 'must decode to a 65-byte uncompressed P-256 point';
  if (bytes.length !== P256_POINT_BYTES || bytes[0] !== 0x04) {
    throw new WebPushValidationError(field, `${rule} (got ${bytes.length} bytes)`);
  }
  try {
    // OpenSSL refuses a point that is not on the curve; an off-curve key would leak the ECDH secret.
    createPublicKey({ key: pointToJwk(bytes), format: 'jwk' });
  } catch {
    throw new WebPushValidationError(field, `${rule}; this point is not on the curve`);
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
