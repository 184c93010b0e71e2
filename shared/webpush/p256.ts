import { fromBase64Url } from './base64url.ts';
import { encodeBase64Url, toHex } from './bytes.ts';
import { WebPushValidationError } from './errors.ts';

export const P256_POINT_BYTES = 65;
export const NOT_ON_CURVE =
  'must decode to a 65-byte uncompressed P-256 point; this point is not on the curve';

/** Decodes and checks an uncompressed P-256 public point (0x04 || X || Y), e.g. `keys.p256dh`. */
export function parseP256Point(value: string | Uint8Array, field: string): Uint8Array {
  const bytes = decodeP256Point(value, field);
  // An off-curve key would leak the ECDH secret (invalid-curve attack), so every stored key is checked.
  if (!isOnP256(bytes)) throw new WebPushValidationError(field, NOT_ON_CURVE);
  return bytes;
}

// P-256 (SEC 2 §2.4.2, FIPS 186-4 D.1.2.3): y^2 = x^3 - 3x + b over the prime field p.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

/**
 * SEC 1 §3.2.2.1 public key validation for an uncompressed point: both coordinates are field elements and
 * satisfy the curve equation (the cofactor is 1, so every such point is in the group; the point at infinity
 * has no 65-byte form). In BigInt this costs ~2 us; asking OpenSSL (ECDH.convertKey) costs ~35 us.
 */
export function isOnP256(point: Uint8Array): boolean {
  const x = BigInt(`0x${toHex(point, 1, 33)}`);
  const y = BigInt(`0x${toHex(point, 33, 65)}`);
  if (x >= P || y >= P) return false;
  return (y * y - (x * x * x - 3n * x + B)) % P === 0n;
}

/** Length and prefix only; the curve check is left to ECDH, which makes it anyway (see encrypt). */
export function decodeP256Point(value: string | Uint8Array, field: string): Uint8Array {
  const bytes = typeof value === 'string' ? fromBase64Url(value, field) : new Uint8Array(value);
  if (bytes.length !== P256_POINT_BYTES || bytes[0] !== 0x04) {
    throw new WebPushValidationError(
      field,
      `must decode to a 65-byte uncompressed P-256 point (got ${bytes.length} bytes)`,
    );
  }
  return bytes;
}

export function pointToJwk(point: Uint8Array): { kty: 'EC'; crv: 'P-256'; x: string; y: string } {
  return {
    kty: 'EC',
    crv: 'P-256',
    x: encodeBase64Url(point.subarray(1, 33)),
    y: encodeBase64Url(point.subarray(33, 65)),
  };
}
