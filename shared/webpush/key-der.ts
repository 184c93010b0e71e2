// Reads VAPID private key text without a crypto library: PEM, base64 DER (PKCS#8 or SEC1) and the raw
// base64url scalar, reduced to what both back ends import (PKCS#8 DER or the 32-byte scalar).
import { fromBase64Url } from './base64url.ts';
import { concatBytes, toHex } from './bytes.ts';
import type { PrivateKeyMaterial } from './crypto-backend.ts';
import { WebPushValidationError } from './errors.ts';

export const KEY_FIELD = 'vapidPrivateKey';
const KEY_TEXT = /^[A-Za-z0-9+/_=-]+$/;

/** True for text that can only be key material (PEM or base64), not a file path. */
export function looksLikeKeyText(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.includes('-----BEGIN') || KEY_TEXT.test(trimmed);
}

export function parsePrivateKeyText(input: string): PrivateKeyMaterial {
  const text = input.trim();
  if (text.includes('-----BEGIN')) return parsePem(text);
  if (!KEY_TEXT.test(text))
    throw new WebPushValidationError(KEY_FIELD, `is not key text: ${text.slice(0, 80)}`);
  const bytes = fromBase64Url(text, KEY_FIELD);
  if (bytes.length === 32) return { scalar: bytes };
  const material = parseDer(bytes);
  if (material) return material;
  throw new WebPushValidationError(
    KEY_FIELD,
    `decodes to ${bytes.length} bytes that are neither a raw 32-byte key nor PKCS#8/SEC1 DER`,
  );
}

function parsePem(text: string): PrivateKeyMaterial {
  // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key; keep only the key block.
  const block = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----([\s\S]+?)-----END \1-----/.exec(text);
  if (!block) throw new WebPushValidationError(KEY_FIELD, 'PEM text has no PRIVATE KEY block');
  const body = block[2]!.replace(/\s+/g, '');
  const der = fromBase64Url(body, KEY_FIELD);
  const material = parseDer(der);
  if (!material)
    throw new WebPushValidationError(KEY_FIELD, `PEM could not be read: not a PKCS#8 or SEC1 EC key`);
  return material;
}

const EC_PUBLIC_KEY_OID = '06072a8648ce3d0201';
const P256_OID = '06082a8648ce3d030107';

/** PKCS#8 is passed on whole (the back end checks the curve); SEC1's scalar sits at a fixed place. */
function parseDer(der: Uint8Array): PrivateKeyMaterial | undefined {
  if (der[0] !== 0x30) return undefined;
  const hex = toHex(der);
  if (hex.includes(EC_PUBLIC_KEY_OID)) return { pkcs8: der };
  // SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32) d, [0] curve OID, [1] public key }.
  const start = lengthOfHeader(der);
  if (start === undefined || toHex(der, start, start + 4) !== '02010104') return undefined;
  if (der[start + 4] !== 32)
    throw new WebPushValidationError(
      KEY_FIELD,
      `must be a P-256 (prime256v1) EC private key; this one has a ${der[start + 4]}-byte scalar`,
    );
  const params = start + 37; // an optional [0] block with the curve's OID follows the scalar
  if (der[params] === 0xa0 && toHex(der, params, params + 12) !== `a00a${P256_OID}`)
    throw new WebPushValidationError(KEY_FIELD, 'must be a P-256 (prime256v1) EC private key');
  return { scalar: der.subarray(start + 5, start + 37) };
}

function lengthOfHeader(der: Uint8Array): number | undefined {
  const first = der[1];
  if (first === undefined) return undefined;
  if (first < 0x80) return 2;
  return 2 + (first & 0x7f);
}

/** RFC 5915 / RFC 5208: the smallest PKCS#8 of a P-256 scalar (no public key, which importers derive). */
export function scalarToPkcs8(scalar: Uint8Array): Uint8Array {
  return concatBytes(PKCS8_P256_PREFIX, scalar);
}
const PKCS8_P256_PREFIX = new Uint8Array([
  0x30, 0x41, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
  0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x27, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20,
]);

export function toPem(der: Uint8Array, label: string): string {
  const base64 = btoa(Array.from(der, (byte) => String.fromCharCode(byte)).join(''));
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
